using ContactBox.Api.Operations;
using ContactBox.Domain.Operations;
using ContactBox.Infrastructure.Import;
using ContactBox.Infrastructure.Operations;

namespace ContactBox.Api.Import;

public static class ImportHosting
{
    /// <summary>The importers and their background operations (contacts and timeline).</summary>
    public static WebApplicationBuilder AddContactBoxImport(this WebApplicationBuilder builder)
    {
        builder.Services.AddContactBoxImport();
        foreach (var kind in new[] { OperationKind.ImportContacts, OperationKind.ImportTimeline })
        {
            builder.Services.AddSingleton<IOperationHandler>(provider => new ImportOperation(kind, provider.GetRequiredService<OperationFiles>()));
        }

        return builder;
    }
}
