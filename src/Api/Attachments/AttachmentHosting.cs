using ContactBox.Infrastructure.Attachments;
using Microsoft.Extensions.Options;

namespace ContactBox.Api.Attachments;

public static class AttachmentHosting
{
    /// <summary>The attachment store and services, and the download URL signer.</summary>
    public static WebApplicationBuilder AddContactBoxAttachments(this WebApplicationBuilder builder, string dataPath)
    {
        builder.Services.AddContactBoxAttachments(builder.Configuration, dataPath);
        builder.Services.AddSingleton<AttachmentUrls>();
        return builder;
    }

    public static void MapContactBoxAttachments(this WebApplication app) => AttachmentEndpoints.Map(app);

    /// <summary>The orphan sweep once at startup: what a crash of the last run left (after the migrations).</summary>
    public static async Task SweepAttachmentsAtStartupAsync(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<AttachmentOptions>>().Value.SweepOnStartup)
        {
            await app.Services.GetRequiredService<AttachmentSweep>().RunAsync(app.Lifetime.ApplicationStopping);
        }
    }
}
