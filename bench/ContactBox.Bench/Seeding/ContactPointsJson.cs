using System.Buffers;
using System.Text;
using System.Text.Json;
using ContactBox.Domain.Contacts;

namespace ContactBox.Bench.Seeding;

/// <summary>
/// Writes the JSON columns of a contact as EF Core writes owned JSON collections: an array of objects with
/// the CLR property names in alphabetical order, nulls written out, and System.Text.Json's default escaping
/// (so "+" is \u002B and "ü" is \u00FC). <see cref="RowFormatCheck"/> compares it with EF's own output.
/// </summary>
internal sealed class ContactPointsJson
{
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);

    public string Emails(IReadOnlyList<EmailAddress> emails) => Write(emails, static (w, e) =>
    {
        w.WriteString("Address", e.Address);
        w.WriteBoolean("IsPrimary", e.IsPrimary);
        w.WriteString("Label", e.Label);
    });

    public string Phones(IReadOnlyList<PhoneNumber> phones) => Write(phones, static (w, p) =>
    {
        w.WriteBoolean("IsPrimary", p.IsPrimary);
        w.WriteString("Label", p.Label);
        w.WriteString("Number", p.Number);
    });

    public string Addresses(IReadOnlyList<PostalAddress> addresses) => Write(addresses, static (w, a) =>
    {
        w.WriteString("City", a.City);
        w.WriteString("Country", a.Country);
        w.WriteString("Label", a.Label);
        w.WriteString("PostalCode", a.PostalCode);
        w.WriteString("Region", a.Region);
        w.WriteString("Street", a.Street);
    });

    private string Write<T>(IReadOnlyList<T> items, Action<Utf8JsonWriter, T> writeProperties)
    {
        _buffer.ResetWrittenCount();
        using var writer = new Utf8JsonWriter(_buffer);
        writer.WriteStartArray();
        foreach (var item in items)
        {
            writer.WriteStartObject();
            writeProperties(writer, item);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.Flush();
        return Encoding.UTF8.GetString(_buffer.WrittenSpan);
    }
}
