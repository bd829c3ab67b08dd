using ContactBox.Domain.Appointments;
using ContactBox.Domain.Common;

namespace ContactBox.Domain.Tests.Appointments;

public sealed class AppointmentTests
{
    private static readonly DateTimeOffset Start = new(2026, 4, 20, 10, 0, 0, TimeSpan.FromHours(2));

    private static AppointmentSchedule Schedule(
        DateTimeOffset? startsAt = null, DateTimeOffset? endsAt = null, string timeZone = "Europe/Berlin", string title = "Jahresgespräch") =>
        new(title, null, "Büro München", startsAt ?? Start, endsAt ?? Start.AddHours(1), timeZone, IsAllDay: false);

    [Fact]
    public void An_appointment_keeps_its_times_as_utc_instants()
    {
        var appointment = new Appointment(Schedule(), organizerId: null, []);

        Assert.Equal(new DateTimeOffset(2026, 4, 20, 8, 0, 0, TimeSpan.Zero), appointment.StartsAt);
        Assert.Equal(TimeSpan.Zero, appointment.StartsAt.Offset);
        Assert.Equal(new DateTimeOffset(2026, 4, 20, 9, 0, 0, TimeSpan.Zero), appointment.EndsAt);
        Assert.Equal("Europe/Berlin", appointment.TimeZone);
        Assert.Equal(AppointmentStatus.Scheduled, appointment.Status);
    }

    [Fact]
    public void An_end_before_the_start_is_rejected()
    {
        var error = Assert.Throws<DomainValidationException>(
            () => new Appointment(Schedule(endsAt: Start.AddMinutes(-1)), null, []));

        Assert.Equal("endsAt", error.Field);
        Assert.Equal("endsAt must not lie before startsAt.", error.Message);
    }

    [Fact]
    public void An_end_given_in_another_offset_is_compared_as_an_instant()
    {
        // 09:30 in UTC is 11:30 in Berlin summer time, so it lies after the 10:00 (+02:00) start.
        var appointment = new Appointment(Schedule(endsAt: new DateTimeOffset(2026, 4, 20, 9, 30, 0, TimeSpan.Zero)), null, []);

        Assert.Equal(TimeSpan.FromMinutes(90), appointment.EndsAt - appointment.StartsAt);
    }

    [Fact]
    public void An_unknown_time_zone_is_rejected()
    {
        var error = Assert.Throws<DomainValidationException>(
            () => new Appointment(Schedule(timeZone: "Europe/Atlantis"), null, []));

        Assert.Equal("timeZone", error.Field);
        Assert.Equal("'Europe/Atlantis' is not a known IANA time zone such as Europe/Berlin.", error.Message);
    }

    [Fact]
    public void A_windows_time_zone_name_is_rejected_for_its_iana_id()
    {
        var error = Assert.Throws<DomainValidationException>(
            () => new Appointment(Schedule(timeZone: "W. Europe Standard Time"), null, []));

        Assert.Equal("timeZone", error.Field);
        Assert.Equal("'W. Europe Standard Time' is not a known IANA time zone such as Europe/Berlin.", error.Message);
    }

    [Fact]
    public void A_title_is_required()
    {
        var error = Assert.Throws<DomainValidationException>(() => new Appointment(Schedule(title: ""), null, []));

        Assert.Equal("title", error.Field);
        Assert.Equal("title is required.", error.Message);
    }

    [Fact]
    public void Participants_are_deduplicated()
    {
        var erika = Guid.CreateVersion7();
        var max = Guid.CreateVersion7();

        var appointment = new Appointment(Schedule(), null, [erika, max, erika]);

        Assert.Equal([erika, max], appointment.Participants.Select(p => p.ContactId));
        Assert.All(appointment.Participants, p => Assert.Equal(appointment.Id, p.AppointmentId));
    }

    [Fact]
    public void Setting_participants_keeps_those_still_wanted_and_drops_the_others()
    {
        var erika = Guid.CreateVersion7();
        var max = Guid.CreateVersion7();
        var anna = Guid.CreateVersion7();
        var appointment = new Appointment(Schedule(), null, [erika, max]);
        var keptParticipant = appointment.Participants.Single(p => p.ContactId == max);

        appointment.SetParticipants([max, anna, anna]);

        Assert.Equal([max, anna], appointment.Participants.Select(p => p.ContactId));
        Assert.Same(keptParticipant, appointment.Participants.First());
    }

    [Fact]
    public void More_than_200_participants_are_rejected()
    {
        var participants = Enumerable.Range(0, 201).Select(_ => Guid.CreateVersion7()).ToList();

        var error = Assert.Throws<DomainValidationException>(() => new Appointment(Schedule(), null, participants));

        Assert.Equal("participantIds", error.Field);
        Assert.Equal("An appointment can have at most 200 participants.", error.Message);
    }

    [Fact]
    public void Cancelling_records_the_instant_in_utc()
    {
        var appointment = new Appointment(Schedule(), null, []);

        appointment.Cancel(new DateTimeOffset(2026, 4, 19, 18, 0, 0, TimeSpan.FromHours(2)));

        Assert.Equal(AppointmentStatus.Cancelled, appointment.Status);
        Assert.Equal(new DateTimeOffset(2026, 4, 19, 16, 0, 0, TimeSpan.Zero), appointment.CancelledAt);
        Assert.Equal(TimeSpan.Zero, appointment.CancelledAt!.Value.Offset);
    }

    [Fact]
    public void A_cancelled_appointment_cannot_be_changed()
    {
        var participant = Guid.CreateVersion7();
        var appointment = new Appointment(Schedule(), null, [participant]);
        appointment.Cancel(Start.AddDays(-1));

        var reschedule = Assert.Throws<DomainValidationException>(() => appointment.Reschedule(Schedule(startsAt: Start.AddDays(1), endsAt: Start.AddDays(1).AddHours(1))));
        var participants = Assert.Throws<DomainValidationException>(() => appointment.SetParticipants([]));
        var cancelAgain = Assert.Throws<DomainValidationException>(() => appointment.Cancel(Start));

        foreach (var error in new[] { reschedule, participants, cancelAgain })
        {
            Assert.Equal("id", error.Field);
            Assert.Equal("The appointment is cancelled and can no longer be changed.", error.Message);
        }

        Assert.Equal(Start, appointment.StartsAt);
        Assert.Equal([participant], appointment.Participants.Select(p => p.ContactId));
        Assert.Equal(Start.AddDays(-1), appointment.CancelledAt);
    }
}
