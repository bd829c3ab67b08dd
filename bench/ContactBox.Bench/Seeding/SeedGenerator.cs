using System.Text;
using Bogus;
using Bogus.DataSets;
using ContactBox.Domain.Contacts;
using ContactBox.Domain.Timeline;

namespace ContactBox.Bench.Seeding;

/// <summary>
/// Deterministic German test data: the same seed gives the same contacts, tags and timeline on every run and
/// provider (only the workspace's and members' keys, made by the app, differ).
/// </summary>
internal sealed class SeedGenerator(int seed, Guid workspaceId, Guid[] members)
{
    public const string CustomerTag = "customer";

    /// <summary>A fixed "now", so that the data does not depend on the day it was generated.</summary>
    public static readonly DateTimeOffset Until = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly TimeSpan History = TimeSpan.FromDays(3 * 365);
    private static readonly string[] OtherTags = ["lead", "partner", "supplier", "newsletter", "VIP", "press", "prospect", "event-2025"];
    private static readonly string[] MailDomains = ["web.de", "gmx.de", "t-online.de", "posteo.de", "mailbox.org"];
    private static readonly string[] Topics =
    [
        "Angebot", "Rechnung", "Vertragsverlängerung", "Reklamation", "Lieferung", "Rückfrage zur Bestellung",
        "Jahresgespräch", "Preisanpassung", "Wartungstermin", "Kündigung", "Messe-Nachbereitung", "Datenschutzauskunft",
    ];

    private static readonly Weighted<(TimelineEntryKind Kind, string Prefix)> Kinds = new(
        [(TimelineEntryKind.Note, "Notiz"), (TimelineEntryKind.Call, "Anruf"), (TimelineEntryKind.Email, "E-Mail"), (TimelineEntryKind.Meeting, "Termin"), (TimelineEntryKind.Letter, "Brief")],
        [0.3f, 0.25f, 0.3f, 0.1f, 0.05f]);

    private static readonly Weighted<int> EmailCount = new([0, 1, 2, 3], [0.1f, 0.6f, 0.25f, 0.05f]);
    private static readonly Weighted<int> PhoneCount = new([0, 1, 2], [0.2f, 0.55f, 0.25f]);
    private static readonly Weighted<int> OtherTagCount = new([0, 1, 2], [0.4f, 0.4f, 0.2f]);

    private readonly ContactPointsJson _json = new();

    // Key bytes come from their own stream, so that adding a column to the data does not change every key.
    private readonly Random _keys = new(seed);

    public (List<ContactRow> Contacts, List<TagRow> Tags) Contacts(int count)
    {
        var faker = new Faker("de") { Random = new Randomizer(seed) };

        // Creation times first, in order, so that the time-ordered keys ascend as they would in real use.
        var created = Enumerable.Range(0, count).Select(_ => Until - History + Fraction(faker, History)).Order().ToList();
        var contacts = new List<ContactRow>(count);
        var tags = new List<TagRow>(count * 2);
        foreach (var createdAt in created)
        {
            var contact = Contact(faker, createdAt);
            contacts.Add(contact);
            foreach (var name in TagNames(faker))
            {
                tags.Add(new TagRow(contact.Id, name, workspaceId));
            }
        }

        return (contacts, tags);
    }

    /// <summary>The timeline, generated while it is loaded: <paramref name="perContact"/> entries over three years for each contact.</summary>
    public IEnumerable<TimelineRow> Timeline(IReadOnlyList<ContactRow> contacts, int perContact)
    {
        var faker = new Faker("de") { Random = new Randomizer(seed + 1) };
        foreach (var contact in contacts)
        {
            for (var i = 0; i < perContact; i++)
            {
                var occurredAt = Until - Fraction(faker, History);
                var (kind, prefix) = Kinds.Pick(faker);
                var author = faker.PickRandom(members);
                yield return new TimelineRow(
                    Id: Version7(occurredAt),
                    ContactId: contact.Id,
                    Kind: kind.ToString(),
                    Direction: kind == TimelineEntryKind.Note ? null : faker.PickRandom(Direction.Inbound, Direction.Outbound).ToString(),
                    Subject: $"{prefix}: {faker.PickRandom(Topics)}",
                    Body: faker.Random.Bool(0.6f) ? faker.Lorem.Sentences(2) : null,
                    OccurredAt: occurredAt,
                    AuthorId: author,
                    WorkspaceId: workspaceId,
                    CreatedAt: occurredAt,
                    CreatedById: author,
                    UpdatedAt: occurredAt,
                    UpdatedById: author);
            }
        }
    }

    private ContactRow Contact(Faker faker, DateTimeOffset createdAt)
    {
        var isPerson = faker.Random.Bool(0.85f);
        var gender = faker.PickRandom<Name.Gender>();
        string? salutation = null, title = null, firstName = null, lastName = null, organizationName = null, department = null, jobTitle = null;
        DateOnly? birthday = null;
        string displayName, domain;
        if (isPerson)
        {
            salutation = faker.Random.Bool(0.1f) ? null
                : faker.Random.Bool(0.02f) ? nameof(Salutation.Mx)
                : gender == Name.Gender.Female ? nameof(Salutation.Ms) : nameof(Salutation.Mr);
            title = faker.Random.Bool(0.08f) ? "Dr." : null;
            firstName = faker.Name.FirstName(gender);
            lastName = faker.Name.LastName(gender);
            jobTitle = faker.Random.Bool(0.5f) ? faker.Name.JobTitle() : null;
            birthday = faker.Random.Bool(0.4f) ? DateOnly.FromDateTime(faker.Date.Between(new DateTime(1945, 1, 1), new DateTime(2004, 12, 31))) : null;
            displayName = string.Join(' ', new[] { title, firstName, lastName }.Where(p => p is not null));
            domain = faker.PickRandom(MailDomains);
        }
        else
        {
            organizationName = faker.Company.CompanyName();
            department = faker.Random.Bool(0.3f) ? faker.Commerce.Department() : null;
            displayName = organizationName;
            domain = Ascii(organizationName.Split(' ')[0]) + ".de";
        }

        var website = faker.Random.Bool(0.3f) ? $"https://www.{(isPerson ? Ascii(lastName!) : domain.Split('.')[0])}.de/" : null;
        var mailbox = isPerson ? $"{Ascii(firstName!)}.{Ascii(lastName!)}" : "info";
        var emails = Enumerable.Range(0, EmailCount.Pick(faker))
            .Select(i => new EmailAddress(i == 0 ? $"{mailbox}@{domain}" : $"{mailbox}{i + 1}@{faker.PickRandom(MailDomains)}", faker.PickRandom("work", "private", null), i == 0))
            .ToList();
        var phones = Enumerable.Range(0, PhoneCount.Pick(faker))
            .Select(i => new PhoneNumber(faker.Phone.PhoneNumber("+49 ### #######"), faker.PickRandom("mobil", "work", "private", null), i == 0))
            .ToList();
        var addresses = faker.Random.Bool(0.7f)
            ? [new PostalAddress(faker.PickRandom("work", "home", null), faker.Address.StreetAddress(), faker.Address.ZipCode("#####"), faker.Address.City(), faker.Random.Bool(0.5f) ? faker.Address.State() : null, "DE")]
            : new List<PostalAddress>();

        Guid? owner = faker.Random.Bool(0.95f) ? faker.PickRandom(members) : null;
        var updated = faker.Random.Bool(0.3f);
        var updatedAt = updated ? Min(createdAt + Fraction(faker, TimeSpan.FromDays(90)), Until) : createdAt;
        var actor = owner ?? members[0];
        return new ContactRow(
            Version7(createdAt), isPerson ? nameof(ContactKind.Person) : nameof(ContactKind.Organization), salutation, title, firstName, lastName,
            organizationName, department, jobTitle, displayName, website, birthday, owner, EmployerId: null,
            Version: updated ? 2 : 1, workspaceId, createdAt, actor, updatedAt, actor,
            _json.Addresses(addresses), _json.Emails(emails), _json.Phones(phones));
    }

    private static IEnumerable<string> TagNames(Faker faker)
    {
        if (faker.Random.Bool(0.3f))
        {
            yield return CustomerTag;
        }

        foreach (var tag in faker.PickRandom(OtherTags, OtherTagCount.Pick(faker)))
        {
            yield return tag;
        }
    }

    /// <summary>A version 7 GUID as <see cref="Guid.CreateVersion7(DateTimeOffset)"/> makes it, from the seeded stream.</summary>
    private Guid Version7(DateTimeOffset at)
    {
        Span<byte> bytes = stackalloc byte[16];
        _keys.NextBytes(bytes);
        var milliseconds = at.ToUnixTimeMilliseconds();
        for (var i = 0; i < 6; i++)
        {
            bytes[i] = (byte)(milliseconds >> (8 * (5 - i)));
        }

        bytes[6] = (byte)(0x70 | (bytes[6] & 0x0F));
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes, bigEndian: true);
    }

    private static TimeSpan Fraction(Faker faker, TimeSpan span) => TimeSpan.FromTicks((long)(faker.Random.Double() * span.Ticks));

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    /// <summary>Mailbox-safe ASCII: umlauts transliterated as Germans write them, everything else dropped.</summary>
    private static string Ascii(string text)
    {
        var result = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            result.Append(c switch
            {
                'ä' => "ae",
                'ö' => "oe",
                'ü' => "ue",
                'ß' => "ss",
                _ when char.IsAsciiLetterOrDigit(c) || c == '-' => c.ToString(),
                _ => string.Empty,
            });
        }

        return result.Length > 0 ? result.ToString() : "kontakt";
    }

    private sealed record Weighted<T>(T[] Values, float[] Weights)
    {
        public T Pick(Faker faker) => faker.Random.WeightedRandom(Values, Weights);
    }
}
