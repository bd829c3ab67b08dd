using ContactBox.Domain.Common;

namespace ContactBox.Domain.Appointments;

public enum AppointmentStatus
{
    Scheduled,
    Cancelled,
}

/// <summary>A meeting (Termin) with contacts, organised by a team member.</summary>
public sealed class Appointment : WorkspaceEntity
{
    private readonly List<AppointmentParticipant> _participants = [];

    private Appointment() { }

    public Appointment(AppointmentSchedule schedule, Guid? organizerId, IReadOnlyCollection<Guid> participantIds)
    {
        OrganizerId = organizerId;
        Reschedule(schedule);
        SetParticipants(participantIds);
        Status = AppointmentStatus.Scheduled;
    }

    public string Title { get; private set; } = null!;
    public string? Description { get; private set; }
    public string? Location { get; private set; }

    /// <summary>Start as an instant (UTC); shown in <see cref="TimeZone"/>.</summary>
    public DateTimeOffset StartsAt { get; private set; }
    public DateTimeOffset EndsAt { get; private set; }

    /// <summary>IANA time zone the appointment was planned in, e.g. Europe/Berlin.</summary>
    public string TimeZone { get; private set; } = null!;
    public bool IsAllDay { get; private set; }
    public Guid? OrganizerId { get; private set; }
    public AppointmentStatus Status { get; private set; }
    public DateTimeOffset? CancelledAt { get; private set; }
    public IReadOnlyCollection<AppointmentParticipant> Participants => _participants;

    public void Reschedule(AppointmentSchedule schedule)
    {
        EnsureScheduled();
        Title = Guard.Required(schedule.Title, "title", Limits.Subject);
        Description = Guard.Optional(schedule.Description, "description", Limits.Body);
        Location = Guard.Optional(schedule.Location, "location", Limits.Name);
        TimeZone = AppointmentSchedule.ValidateTimeZone(schedule.TimeZone);
        IsAllDay = schedule.IsAllDay;
        StartsAt = Guard.Utc(schedule.StartsAt);
        EndsAt = Guard.Utc(schedule.EndsAt);
        if (EndsAt < StartsAt)
        {
            throw new DomainValidationException("endsAt", "endsAt must not lie before startsAt.");
        }
    }

    public void SetParticipants(IReadOnlyCollection<Guid> contactIds)
    {
        EnsureScheduled();
        var wanted = contactIds.Distinct().ToList();
        if (wanted.Count > Limits.MaxParticipants)
        {
            throw new DomainValidationException("participantIds", $"An appointment can have at most {Limits.MaxParticipants} participants.");
        }

        _participants.RemoveAll(p => !wanted.Contains(p.ContactId));
        foreach (var id in wanted.Where(id => !_participants.Exists(p => p.ContactId == id)))
        {
            _participants.Add(new AppointmentParticipant(Id, id));
        }
    }

    public void Cancel(DateTimeOffset now)
    {
        EnsureScheduled();
        Status = AppointmentStatus.Cancelled;
        CancelledAt = Guard.Utc(now);
    }

    private void EnsureScheduled()
    {
        if (Status == AppointmentStatus.Cancelled)
        {
            throw new DomainValidationException("id", "The appointment is cancelled and can no longer be changed.");
        }
    }
}

/// <summary>A contact taking part in an appointment.</summary>
public sealed class AppointmentParticipant : IWorkspaceOwned
{
    private AppointmentParticipant() { }

    internal AppointmentParticipant(Guid appointmentId, Guid contactId)
    {
        AppointmentId = appointmentId;
        ContactId = contactId;
    }

    public Guid WorkspaceId { get; private set; }
    public Guid AppointmentId { get; private set; }
    public Guid ContactId { get; private set; }
}
