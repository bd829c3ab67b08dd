using System.Diagnostics;
using ContactBox.Api.Hosting;
using ContactBox.Api.Workspaces;
using ContactBox.Domain.Export;
using ContactBox.Domain.Privacy;
using ContactBox.Infrastructure.Export;
using ContactBox.Infrastructure.Persistence;
using ContactBox.Infrastructure.Privacy;

namespace ContactBox.Bench.Export;

/// <summary>
/// <c>export</c>: one purpose-bound export of every contact of the default workspace with 8 fields, through the
/// real exporter (streaming, exclusion checks, export record with the included contacts, audit entry). Prints rows/s
/// and the managed heap's peak; bench/export.sh measures the process's peak RSS with GNU time beside the database's own CSV export.
/// </summary>
internal static class ExportCommand
{
    public static readonly ExportField[] Fields =
        [ExportField.Title, ExportField.FirstName, ExportField.LastName, ExportField.OrganizationName, ExportField.Department, ExportField.JobTitle, ExportField.Website, ExportField.Birthday];

    public static async Task<int> RunAsync(string[] args)
    {
        var options = BenchOptions.Parse(args, "repeat");
        var builder = options.CreateBuilder();
        builder.AddContactBoxApi();
        await using var app = builder.Build();
        await app.InitializeContactBoxAsync();
        var defaults = app.Services.GetRequiredService<DefaultWorkspace>();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactBoxDbContext>();
        db.Workspace.Set(defaults.WorkspaceId, defaults.MemberId);
        var purpose = new ProcessingPurpose("Bench export " + Guid.NewGuid().ToString("N")[..8], null, LegalBasis.LegitimateInterests, [], null);
        db.Add(purpose);
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();

        // Later runs show the cost without EF Core's first compilation of the query.
        for (var run = 1; run <= options.Int("repeat", 1); run++)
        {
            await ExportOnceAsync(app, db, defaults.WorkspaceId, purpose.Id, options.Provider, run);
        }

        return 0;
    }

    private static async Task ExportOnceAsync(WebApplication app, ContactBoxDbContext db, Guid workspaceId, Guid purposeId, DatabaseProvider provider, int run)
    {
        db.ChangeTracker.Clear();
        var watch = Stopwatch.StartNew();
        var result = await app.Services.GetRequiredService<ContactExporter>().ExportAsync(db,
            new ExportRequest(db.Contacts, purposeId, null, ExportPreset.GenericCsv, Fields, false), AuditActor.System, null, CancellationToken.None);
        watch.Stop();
        var rows = result.Export.ContactCount;
        Console.WriteLine($"run={run} provider={provider} rows={rows} seconds={watch.Elapsed.TotalSeconds:F2} rows_per_s={rows / watch.Elapsed.TotalSeconds:F0} "
                          + $"bytes={result.Export.SizeBytes} managed_peak_mb={GC.GetGCMemoryInfo(GCKind.Any).HeapSizeBytes / 1048576.0:F0} "
                          + $"file={app.Services.GetRequiredService<ExportFiles>().PathOf(workspaceId, result.Export.Id)}");
    }
}
