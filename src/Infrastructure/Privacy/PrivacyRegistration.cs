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

        // What an erasure reaches, in this order; other features add their own participants (attachments and files).
        services.AddScoped<IContactErasureParticipant, CoreErasureParticipants.Timeline>();
        services.AddScoped<IContactErasureParticipant, CoreErasureParticipants.FollowUps>();
        services.AddScoped<IContactErasureParticipant, CoreErasureParticipants.AppointmentParticipation>();
        services.AddScoped<IContactErasureParticipant, CoreErasureParticipants.Purposes>();
        services.AddScoped<IContactErasureParticipant, CoreErasureParticipants.Source>();
        return services;
    }
}
