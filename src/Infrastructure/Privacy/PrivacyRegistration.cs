using ContactBox.Domain.Appointments;
using ContactBox.Domain.FollowUps;
using ContactBox.Domain.Privacy;
using ContactBox.Domain.Timeline;
using Microsoft.Extensions.DependencyInjection;

namespace ContactBox.Infrastructure.Privacy;

public static class PrivacyRegistration
{
    /// <summary>The audit trail, access reports, erasure with its participants, the Art. 30 record and the retention sweep.</summary>
    public static IServiceCollection AddContactBoxPrivacy(this IServiceCollection services)
    {
        services.AddSingleton<AuditTrail>();
        services.AddScoped<DataSubjectReports>();
        services.AddScoped<ProcessingRecords>();
        services.AddScoped<ContactErasure>();
        services.AddScoped<RetentionSweep>();

        // What an erasure reaches (in this order among equal Order); other features add their own participants (attachments and files).
        services.AddSingleton<IContactErasureParticipant>(new ContactRows<TimelineEntry>("timelineEntries", t => t.ContactId));
        services.AddSingleton<IContactErasureParticipant>(new ContactRows<FollowUp>("followUps", f => f.ContactId));
        services.AddSingleton<IContactErasureParticipant>(new ContactRows<AppointmentParticipant>("appointmentParticipations", p => p.ContactId));
        services.AddSingleton<IContactErasureParticipant>(new ContactRows<PurposeAssignment>("purposeAssignments", a => a.ContactId));
        services.AddSingleton<IContactErasureParticipant>(new ContactRows<ContactPrivacy>("privacyRecords", p => p.ContactId));
        return services;
    }
}
