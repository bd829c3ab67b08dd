using ContactBox.Domain.Appointments;
using ContactBox.Domain.Contacts;
using ContactBox.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Api.Appointments;

/// <summary>Batched lookups across the participant link table: one statement per page of parents.</summary>
public static class AppointmentLoaders
{
    public static async Task<IReadOnlyDictionary<Guid, IReadOnlyList<Contact>>> ParticipantsAsync(ContactBoxDbContext db, IReadOnlyList<Guid> appointmentIds, CancellationToken cancellationToken)
    {
        var rows = await db.AppointmentParticipants.AsNoTracking()
            .Where(p => appointmentIds.Contains(p.AppointmentId))
            .Join(db.Contacts.AsNoTracking(), p => p.ContactId, c => c.Id, (p, c) => new { p.AppointmentId, Contact = c })
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.AppointmentId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<Contact>)g.Select(r => r.Contact).OrderBy(c => c.DisplayName, StringComparer.CurrentCulture).ToList());
    }

    public static async Task<IReadOnlyDictionary<Guid, IReadOnlyList<Appointment>>> ForContactsAsync(ContactBoxDbContext db, IReadOnlyList<Guid> contactIds, CancellationToken cancellationToken)
    {
        var rows = await db.AppointmentParticipants.AsNoTracking()
            .Where(p => contactIds.Contains(p.ContactId))
            .Join(db.Appointments.AsNoTracking(), p => p.AppointmentId, a => a.Id, (p, a) => new { p.ContactId, Appointment = a })
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.ContactId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<Appointment>)g.Select(r => r.Appointment).OrderBy(a => a.StartsAt).ToList());
    }
}
