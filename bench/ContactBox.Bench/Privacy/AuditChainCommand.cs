using System.Diagnostics;
using System.Globalization;
using ContactBox.Api.Hosting;
using ContactBox.Api.Workspaces;
using ContactBox.Domain.Privacy;
using ContactBox.Infrastructure.Persistence;
using ContactBox.Infrastructure.Privacy;

namespace ContactBox.Bench.Privacy;

/// <summary>
/// The cost of the audit chain: one small catalog change per transaction with and without its audit record
/// (interleaved rounds, medians), then concurrent audited writers, then verifying the whole chain.
/// </summary>
internal static class AuditChainCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = BenchOptions.Parse(args, "rounds", "per-round", "writers", "per-writer");
        var rounds = options.Int("rounds", 5);
        var perRound = options.Int("per-round", 60);
        var writers = options.Int("writers", 8);
        var perWriter = options.Int("per-writer", 40);

        var builder = options.CreateBuilder();
        builder.AddContactBoxApi();
        await using var app = builder.Build();
        await app.InitializeContactBoxAsync();
        var workspaceId = app.Services.GetRequiredService<DefaultWorkspace>().WorkspaceId;
        var audit = app.Services.GetRequiredService<AuditTrail>();

        async Task<double> ChangeAsync(bool audited)
        {
            var watch = Stopwatch.StartNew();
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ContactBoxDbContext>();
            db.Workspace.Set(workspaceId, null);
            await using var transaction = await db.Database.BeginTransactionAsync();
            var type = new ContactSourceType("Bench " + Guid.NewGuid().ToString("N")[..8]);
            db.ContactSourceTypes.Add(type);
            await db.SaveChangesAsync();
            if (audited)
            {
                await audit.AppendAsync(db, AuditActor.System, new AuditEntry(AuditAction.SourceTypeCreated, nameof(ContactSourceType), type.Id), CancellationToken.None);
            }

            await transaction.CommitAsync();
            return watch.Elapsed.TotalMilliseconds;
        }

        for (var i = 0; i < 30; i++)
        {
            await ChangeAsync(false);
            await ChangeAsync(true);
        }

        var plain = new List<double>();
        var withAudit = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < perRound; i++)
            {
                plain.Add(await ChangeAsync(false));
            }

            for (var i = 0; i < perRound; i++)
            {
                withAudit.Add(await ChangeAsync(true));
            }
        }

        var concurrent = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < perWriter; i++)
            {
                await ChangeAsync(true);
            }
        })));
        concurrent.Stop();

        await using var verifyScope = app.Services.CreateAsyncScope();
        var verifyDb = verifyScope.ServiceProvider.GetRequiredService<ContactBoxDbContext>();
        verifyDb.Workspace.Set(workspaceId, null);
        var verifyWatch = Stopwatch.StartNew();
        var verification = await AuditVerifier.VerifyAsync(verifyDb, CancellationToken.None);
        verifyWatch.Stop();

        var p = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(p, $"provider={options.Provider} changes={plain.Count}+{withAudit.Count}"));
        Console.WriteLine(string.Create(p, $"median change without audit record: {Median(plain):F2} ms"));
        Console.WriteLine(string.Create(p, $"median change with audit record:    {Median(withAudit):F2} ms (ratio {Median(withAudit) / Median(plain):F2})"));
        Console.WriteLine(string.Create(p, $"{writers} concurrent writers x {perWriter}: {writers * perWriter / concurrent.Elapsed.TotalSeconds:F0} audited changes/s"));
        Console.WriteLine(string.Create(p, $"verify: ok={verification.IsValid} records={verification.Count} in {verifyWatch.Elapsed.TotalMilliseconds:F0} ms ({verification.Count / verifyWatch.Elapsed.TotalSeconds:F0} records/s)"));
        return verification.IsValid ? 0 : 1;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
