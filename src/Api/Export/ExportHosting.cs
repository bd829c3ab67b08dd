using ContactBox.Infrastructure.Export;

namespace ContactBox.Api.Export;

public static class ExportHosting
{
    /// <summary>The exporter, its options (ContactBox:Export) and its download URLs (signed with the attachment URL key).</summary>
    public static WebApplicationBuilder AddContactBoxExport(this WebApplicationBuilder builder, string dataPath)
    {
        builder.Services.AddContactBoxExport(dataPath);
        builder.Services.Configure<ExportOptions>(builder.Configuration.GetSection(ExportOptions.Section));
        builder.Services.AddSingleton<ExportUrls>();
        builder.Services.AddSingleton<Operations.IOperationHandler, ExportOperation>();
        return builder;
    }

    public static void MapContactBoxExport(this WebApplication app) => ExportEndpoints.Map(app);
}
