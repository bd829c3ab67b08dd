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
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(id, out _))
        {
            throw new DomainValidationException("timeZone", $"'{id}' is not a known IANA time zone such as Europe/Berlin.");
        }

        return id;
    }
}
