using Microsoft.Extensions.DependencyInjection;

namespace ContactBox.Infrastructure.Import;

public static class ImportRegistration
{
    /// <summary>The contact and timeline importers; they run in the scope (and workspace) of the request that uploads the file.</summary>
    public static IServiceCollection AddContactBoxImport(this IServiceCollection services) => services.AddScoped<ContactImporter>().AddScoped<TimelineImporter>();
}
