using System.Globalization;
using ContactBox.Domain.Common;
using ContactBox.Domain.Timeline;

namespace ContactBox.Domain.Import;

/// <summary>A timeline import column's meaning: the contact's key and the entry's fields.</summary>
public enum TimelineImportField
{
    ContactEmail,
    OccurredAt,
    Kind,
    Direction,
    Subject,
    Body,
}

/// <summary>A timeline entry read from a row, for the contact whose e-mail address is <see cref="ContactEmail"/>.</summary>
public sealed record TimelineRowData(long Line, string ContactEmail, TimelineEntryKind Kind, Direction? Direction, string? Subject, string? Body, DateTimeOffset OccurredAt)
{
    public TimelineEntry ToEntry(Guid contactId) => new(contactId, Kind, Direction, Subject, Body, OccurredAt, authorId: null);
}

/// <summary>
/// Turns one CSV row into a timeline entry through the entry's own rules. Dates are ISO 8601 or German
/// (31.03.2027 14:30); a time without an offset is read as German time (Europe/Berlin).
/// </summary>
public sealed class TimelineRow(IReadOnlyList<ColumnMapping<TimelineImportField>> mapping)
{
    private static readonly string[] LocalFormats =
        ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd", "dd.MM.yyyy HH:mm:ss", "dd.MM.yyyy HH:mm", "d.M.yyyy HH:mm", "dd.MM.yyyy", "d.M.yyyy"];

    private static readonly TimeZoneInfo German = TimeZoneInfo.TryFindSystemTimeZoneById("Europe/Berlin", out var zone) ? zone : TimeZoneInfo.Utc;

    public static HeaderSuggestions<TimelineImportField> Headers { get; } = new(
        (TimelineImportField.ContactEmail, ["contactemail", "email", "emailadresse", "mail", "kontakt", "contact"]),
        (TimelineImportField.OccurredAt, ["occurredat", "date", "datum", "zeitpunkt", "when", "wann", "datumuhrzeit"]),
        (TimelineImportField.Kind, ["kind", "art", "typ", "type"]),
        (TimelineImportField.Direction, ["direction", "richtung"]),
        (TimelineImportField.Subject, ["subject", "betreff", "titel", "title"]),
        (TimelineImportField.Body, ["body", "text", "notiz", "note", "inhalt", "nachricht", "beschreibung", "description"]));

    public (TimelineRowData? Row, ImportProblem? Problem) Read(long line, Func<string, string?> value)
    {
        string? Text(TimelineImportField field) => Column(field) is { } column && value(column) is { } text && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;

        var email = Text(TimelineImportField.ContactEmail);
        if (email is null)
        {
            return (null, new ImportProblem(line, Column(TimelineImportField.ContactEmail), "The row names no contact (e-mail address)."));
        }

        var dateText = Text(TimelineImportField.OccurredAt);
        if (dateText is null || When(dateText) is not { } occurredAt)
        {
            return (null, new ImportProblem(line, Column(TimelineImportField.OccurredAt), dateText is null ? "The row has no date." : $"'{dateText}' is not a date: use 2027-03-31 14:30 or 31.03.2027 14:30."));
        }

        var kindText = Text(TimelineImportField.Kind);
        if (kindText is not null && (KindOf(kindText) is not { } known || known == TimelineEntryKind.System))
        {
            return (null, new ImportProblem(line, Column(TimelineImportField.Kind), $"'{kindText}' is not a kind of entry: use NOTE, CALL, EMAIL, MEETING or LETTER (Notiz, Anruf, E-Mail, Termin, Brief)."));
        }

        var kind = kindText is null ? TimelineEntryKind.Note : KindOf(kindText)!.Value;
        var directionText = Text(TimelineImportField.Direction);
        var direction = directionText is null ? null : DirectionOf(directionText);
        if (directionText is not null && direction is null)
        {
            return (null, new ImportProblem(line, Column(TimelineImportField.Direction), $"'{directionText}' is not a direction: use INBOUND or OUTBOUND (eingehend, ausgehend)."));
        }

        var row = new TimelineRowData(line, email, kind, direction, Text(TimelineImportField.Subject), Text(TimelineImportField.Body), occurredAt);
        try
        {
            // The entry's own rules (lengths, subject or body) decide, as they do for addTimelineEntry.
            row.ToEntry(Guid.Empty);
            return (row, null);
        }
        catch (DomainValidationException e)
        {
            var column = e.Field switch
            {
                "subject" => Column(TimelineImportField.Subject),
                "body" => Column(TimelineImportField.Body) ?? Column(TimelineImportField.Subject),
                _ => null,
            };
            return (null, new ImportProblem(line, column ?? e.Field, e.Message));
        }
    }

    public string? Column(TimelineImportField field) => mapping.FirstOrDefault(m => m.Field == field)?.Column;

    private static DateTimeOffset? When(string text)
    {
        if (DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset)
            && (text.EndsWith('Z') || text.Contains('+', StringComparison.Ordinal) || text.LastIndexOf('-') > 9))
        {
            return withOffset.ToUniversalTime();
        }

        if (DateTime.TryParseExact(text, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return new DateTimeOffset(local, German.GetUtcOffset(local)).ToUniversalTime();
        }

        return null;
    }

    private static Direction? DirectionOf(string text) => text.ToUpperInvariant() switch
    {
        "INBOUND" or "IN" or "EINGEHEND" or "EINGANG" => Direction.Inbound,
        "OUTBOUND" or "OUT" or "AUSGEHEND" or "AUSGANG" => Direction.Outbound,
        _ => null,
    };

    private static TimelineEntryKind? KindOf(string text) => text.ToUpperInvariant().Replace("-", "", StringComparison.Ordinal) switch
    {
        "NOTIZ" or "VERMERK" => TimelineEntryKind.Note,
        "ANRUF" or "TELEFONAT" or "TELEFON" => TimelineEntryKind.Call,
        "EMAIL" or "MAIL" => TimelineEntryKind.Email,
        "TERMIN" or "TREFFEN" or "BESPRECHUNG" => TimelineEntryKind.Meeting,
        "BRIEF" or "POST" => TimelineEntryKind.Letter,
        var other => Enum.TryParse<TimelineEntryKind>(other, ignoreCase: true, out var kind) && Enum.IsDefined(kind) ? kind : null,
    };
}
