using ContactBox.Domain.Export;
using ContactBox.Infrastructure.Privacy;
using Microsoft.Extensions.DependencyInjection;

namespace ContactBox.Infrastructure.Export;

public static class ExportRegistration
{
    /// <summary>The exporter, its file folder, and its contributions to the access report, Art. 30 record and erasure.</summary>
    public static IServiceCollection AddContactBoxExport(this IServiceCollection services, string dataPath)
    {
        services.AddSingleton(new ExportFiles(Path.Combine(dataPath, "exports")));
        services.AddSingleton<ContactExporter>();
        services.AddSingleton<ExportFileRetention>();
        services.AddSingleton<ExportPrivacy>();
        services.AddSingleton<IDataSubjectReportContributor>(provider => provider.GetRequiredService<ExportPrivacy>());
        services.AddSingleton<IProcessingRecipientSource>(provider => provider.GetRequiredService<ExportPrivacy>());
        // An erasure removes the contact from the export records (the files already handed out are beyond reach).
        services.AddSingleton<IContactErasureParticipant, ExportRecordErasure>();
        services.AddSingleton<EmailBouncePrivacy>();
        services.AddSingleton<IContactErasureParticipant>(provider => provider.GetRequiredService<EmailBouncePrivacy>());
        services.AddSingleton<IDataSubjectReportContributor>(provider => provider.GetRequiredService<EmailBouncePrivacy>());
        return services;
    }
}
