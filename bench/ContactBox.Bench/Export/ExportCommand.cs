using System.Diagnostics;
using ContactBox.Api.Hosting;
using ContactBox.Api.Workspaces;
using ContactBox.Domain.Export;
using ContactBox.Domain.Privacy;
using ContactBox.Infrastructure.Export;
using ContactBox.Infrastructure.Persistence;
using ContactBox.Infrastructure.Privacy;
using Microsoft.EntityFrameworkCore.Diagnostics;

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
        var options = BenchOptions.Parse(args, "repeat", "sql-out", "legal-basis");
        var builder = options.CreateBuilder();
        builder.AddContactBoxApi();
        // AddContactBoxDatabase hands every IInterceptor in DI to the DbContext, after the provider's own.
        var statement = new ExportStatement(options.Provider);
        builder.Services.AddSingleton<IInterceptor>(statement);
        await using var app = builder.Build();
        await app.InitializeContactBoxAsync();
        var defaults = app.Services.GetRequiredService<DefaultWorkspace>();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactBoxDbContext>();
        db.Workspace.Set(defaults.WorkspaceId, defaults.MemberId);
        // --legal-basis consent: the seeded contacts have no assignments, so every one is left out (NO_CONSENT).
        var basis = options.Values.TryGetValue("legal-basis", out var named) ? Enum.Parse<LegalBasis>(named, ignoreCase: true) : LegalBasis.LegitimateInterests;
        var purpose = new ProcessingPurpose("Bench export " + Guid.NewGuid().ToString("N")[..8], null, basis, [], null);
        db.Add(purpose);
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();

        // Later runs show the cost without EF Core's first compilation of the query.
        for (var run = 1; run <= options.Int("repeat", 1); run++)
        {
            await ExportOnceAsync(app, db, defaults.WorkspaceId, purpose.Id, options.Provider, run);
        }

        if (options.Values.TryGetValue("sql-out", out var sqlOut))
        {
            await File.WriteAllTextAsync(sqlOut, statement.Sql ?? throw new InvalidOperationException("The export's statement was not seen."));
        }

        return 0;
    }

    private static async Task ExportOnceAsync(WebApplication app, ContactBoxDbContext db, Guid workspaceId, Guid purposeId, DatabaseProvider provider, int run)
    {
        db.ChangeTracker.Clear();
        var rssBefore = ProcStatusMb("VmRSS");
        var watch = Stopwatch.StartNew();
        // The streaming phase ends at the first report of the final count (the last row written); what follows is the
        // record, the bulk insert of the included contacts, the audit entry and the commit, and the same count again.
        var streamed = TimeSpan.Zero;
        long last = 0;
        var progress = new SynchronousProgress(rows =>
        {
            if (rows > last)
            {
                (last, streamed) = (rows, watch.Elapsed);
            }
        });
        var result = await app.Services.GetRequiredService<ContactExporter>().ExportAsync(db,
            new ExportRequest(db.Contacts, purposeId, null, ExportPreset.GenericCsv, Fields, false), AuditActor.System, progress, CancellationToken.None);
        watch.Stop();
        var rows = result.Export.ContactCount + result.Export.ExcludedCount;
        Console.WriteLine($"run={run} provider={provider} rows={rows} excluded={result.Export.ExcludedCount} seconds={watch.Elapsed.TotalSeconds:F2} rows_per_s={rows / watch.Elapsed.TotalSeconds:F0} "
                          + $"stream_seconds={streamed.TotalSeconds:F2} records_seconds={(watch.Elapsed - streamed).TotalSeconds:F2} "
                          + $"bytes={result.Export.SizeBytes} rss_before_mb={rssBefore:F0} rss_peak_mb={ProcStatusMb("VmHWM"):F0} "
                          + $"managed_peak_mb={GC.GetGCMemoryInfo(GCKind.Any).HeapSizeBytes / 1048576.0:F0} "
                          + $"file={app.Services.GetRequiredService<ExportFiles>().PathOf(workspaceId, result.Export.Id)}");
    }

    /// <summary>A line of /proc/self/status in MB (VmRSS: now, VmHWM: the peak so far).</summary>
    private static double ProcStatusMb(string key) =>
        File.ReadLines("/proc/self/status").Where(l => l.StartsWith(key + ":", StringComparison.Ordinal))
            .Select(l => double.Parse(l[(key.Length + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) / 1024).FirstOrDefault();

    /// <summary>Reports on the exporter's thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
