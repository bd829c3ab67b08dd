using ContactBox.Domain.Common;

namespace ContactBox.Domain.Appointments;

/// <summary>What, when and where of an appointment, validated together.</summary>
public sealed record AppointmentSchedule(
    string Title,
    string? Description,
    string? Location,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string TimeZone,
    bool IsAllDay)
{
    public static string ValidateTimeZone(string? timeZone)
    {
        var id = Guard.Required(timeZone, "timeZone", Limits.TimeZone);
        // Only IANA IDs: calendars (CalDAV, iCalendar) exchange those, not Windows names.
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) || !zone.HasIanaId)
        {
            throw new DomainValidationException("timeZone", $"'{id}' is not a known IANA time zone such as Europe/Berlin.");
        }

        return id;
    }
}
