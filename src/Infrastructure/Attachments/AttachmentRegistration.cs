using ContactBox.Infrastructure.Privacy;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ContactBox.Infrastructure.Attachments;

public static class AttachmentRegistration
{
    /// <summary>The attachment store chosen by configuration, the upload/usage service, the owner-deletion hook and the sweep.</summary>
    public static IServiceCollection AddContactBoxAttachments(this IServiceCollection services, IConfiguration configuration, string dataPath)
    {
        services.Configure<AttachmentOptions>(configuration.GetSection(AttachmentOptions.Section));
        services.AddSingleton<IAttachmentStore>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<AttachmentOptions>>().Value;
            return options.Store switch
            {
                AttachmentStoreKind.S3 => new S3AttachmentStore(options.S3),
                _ => new FileSystemAttachmentStore(Path.GetFullPath(options.Path, dataPath)),
            };
        });
        services.AddScoped<AttachmentStorage>();
        services.AddSingleton<AttachmentSweep>();
        services.AddSingleton<IInterceptor, AttachmentOwnerDeletionInterceptor>();
        services.AddSingleton<AttachmentPrivacy>();
        services.AddSingleton<IContactErasureParticipant>(provider => provider.GetRequiredService<AttachmentPrivacy>());
        services.AddSingleton<IDataSubjectReportContributor>(provider => provider.GetRequiredService<AttachmentPrivacy>());
        return services;
    }
}
