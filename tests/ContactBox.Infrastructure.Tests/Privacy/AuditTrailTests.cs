using System.Security.Cryptography;
using System.Text;
using ContactBox.Domain.Privacy;
using ContactBox.Infrastructure.Privacy;
using ContactBox.Infrastructure.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Infrastructure.Tests.Privacy;

public abstract class AuditTrailTests(DatabaseFixture database)
{
    [SkippableFact]
    public async Task A_record_read_back_from_the_database_hashes_to_what_was_written()
    {
        database.SkipUnlessAvailable();
        var workspaceId = await database.CreateWorkspaceAsync();
        // Ticks below the microsecond: no database keeps them all, so the trail drops them before hashing.
        database.Clock.Now = new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero).AddTicks(1_234_567);
        var trail = new AuditTrail(database.Clock);
        var subject = Guid.CreateVersion7();

        await using (var scope = database.Open(workspaceId))
        {
            await trail.RecordAsync(scope.Db, AuditActor.Client("partner-app"), () => Task.FromResult((true,
                new AuditEntry(AuditAction.PurposeAssigned, "Contact", subject, new Dictionary<string, object?>
                {
                    ["when"] = database.Clock.Now,
                    ["legalBasis"] = LegalBasis.Consent,
                    ["count"] = 3,
                }))), CancellationToken.None);
        }

        await using var read = database.Open(workspaceId);
        var stored = await read.Db.AuditRecords.AsNoTracking().SingleAsync();
        Assert.Equal(AuditTrail.HashOf(stored), stored.Hash);
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero).AddTicks(1_234_560), stored.OccurredAt);
        Assert.Equal("""{"count":3,"legalBasis":"Consent","when":"2026-01-05T08:00:00.1234567+00:00"}""", stored.Details);
        Assert.Equal((1L, AuditChain.GenesisHash, AuditActorKind.Client, "partner-app"), (stored.Sequence, stored.PreviousHash, stored.ActorKind, stored.ActorId));
    }

    [SkippableFact]
    public async Task An_audit_record_outside_a_transaction_is_refused()
    {
        database.SkipUnlessAvailable();
        var workspaceId = await database.CreateWorkspaceAsync();
        await using var scope = database.Open(workspaceId);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new AuditTrail(database.Clock).AppendAsync(scope.Db, AuditActor.System, new AuditEntry(AuditAction.SettingsChanged, null, null), CancellationToken.None));

        Assert.Equal("An audit record is written in the transaction of the act it records: begin a transaction first.", error.Message);
        Assert.Equal(0, await scope.Db.AuditRecords.CountAsync());
    }

    [SkippableFact]
    public async Task A_rolled_back_act_leaves_no_audit_record_and_the_chain_goes_on_from_the_last_commit()
    {
        database.SkipUnlessAvailable();
        var workspaceId = await database.CreateWorkspaceAsync();
        var trail = new AuditTrail(database.Clock);
        await using var scope = database.Open(workspaceId);
        await trail.RecordAsync(scope.Db, AuditActor.System, () => Task.FromResult((1, new AuditEntry(AuditAction.SettingsChanged, null, null))), CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => trail.RecordAsync<int>(scope.Db, AuditActor.System, async () =>
        {
            await trail.AppendAsync(scope.Db, AuditActor.System, new AuditEntry(AuditAction.SettingsChanged, null, null), CancellationToken.None);
            throw new InvalidOperationException("The act failed after its record was appended.");
        }, CancellationToken.None));
        scope.Db.ChangeTracker.Clear();
        await trail.RecordAsync(scope.Db, AuditActor.System, () => Task.FromResult((1, new AuditEntry(AuditAction.SettingsChanged, null, null))), CancellationToken.None);

        Assert.Equal([1L, 2L], await scope.Db.AuditRecords.OrderBy(r => r.Sequence).Select(r => r.Sequence).ToListAsync());
        Assert.Equal(new AuditVerification(true, 2, null), await AuditVerifier.VerifyAsync(scope.Db, CancellationToken.None));
    }
}

public sealed class SqliteAuditTrailTests(SqliteDatabase database)
    : AuditTrailTests(database), IClassFixture<SqliteDatabase>;

public sealed class PostgreSqlAuditTrailTests(PostgreSqlDatabase database)
    : AuditTrailTests(database), IClassFixture<PostgreSqlDatabase>;

public sealed class AuditCanonicalFormTests
{
    [Fact]
    public void The_canonical_form_is_stable()
    {
        var record = new AuditRecord(Guid.Parse("019ac4e2-0000-7000-8000-000000000001"), 7, new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero),
            AuditActorKind.Member, "019ac4e2-0000-7000-8000-000000000002", AuditAction.ContactErased, "Contact",
            Guid.Parse("019ac4e2-0000-7000-8000-000000000003"), """{"contact":1}""", AuditChain.GenesisHash);

        // The documented canonical form; a change here would make every stored chain fail verification.
        var canonical = ("['contactbox-audit-v1','019ac4e2-0000-7000-8000-000000000001',7,'2026-11-27T10:00:00.000000Z','Member',"
            + "'019ac4e2-0000-7000-8000-000000000002','ContactErased','Contact','019ac4e2-0000-7000-8000-000000000003',"
            + @"'{\u0022contact\u0022:1}','" + AuditChain.GenesisHash + "']").Replace('\'', '"');

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))), AuditTrail.HashOf(record));
    }
}
