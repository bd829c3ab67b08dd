using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using ContactBox.Domain.Privacy;
using ContactBox.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Infrastructure.Privacy;

/// <summary>Who performs an audited act.</summary>
public sealed record AuditActor(AuditActorKind Kind, string? Id)
{
    public static AuditActor System { get; } = new(AuditActorKind.System, null);

    public static AuditActor Member(Guid memberId) => new(AuditActorKind.Member, memberId.ToString());

    public static AuditActor Client(string clientId) => new(AuditActorKind.Client, clientId);
}

/// <summary>
/// An audited act: what, on which subject, with details. Details must be identifiers, enums, numbers and instants
/// only — never names, addresses or free text, because the chain outlives an erasure.
/// </summary>
public sealed record AuditEntry(AuditAction Action, string? SubjectType, Guid? SubjectId, IReadOnlyDictionary<string, object?>? Details = null);

/// <summary>
/// Appends to the workspace's hash-chained audit log. This is the one way to write an audit record: features
/// (privacy, exports, imports) call <see cref="AppendAsync"/> inside the transaction of the act they record, so
/// the act and its record are committed together or not at all.
/// </summary>
public sealed class AuditTrail(TimeProvider clock)
{
    private static readonly JsonSerializerOptions DetailsJson = new() { Converters = { new JsonStringEnumConverter() } };

    /// <summary>
    /// Appends one record. Requires an open transaction on <paramref name="db"/>; saves pending changes first.
    /// Writers of one workspace queue on its chain head row (an UPDATE holds its row lock until commit), so
    /// concurrent acts form one chain in commit order.
    /// </summary>
    public async Task<AuditRecord> AppendAsync(ContactBoxDbContext db, AuditActor actor, AuditEntry entry, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("An audit record is written in the transaction of the act it records: begin a transaction first.");
        }

        await db.SaveChangesAsync(cancellationToken);
        var workspaceId = db.Workspace.Id;
        var heads = db.Set<AuditChainHead>().Where(h => h.WorkspaceId == workspaceId);
        if (await heads.ExecuteUpdateAsync(s => s.SetProperty(h => h.Sequence, h => h.Sequence + 1), cancellationToken) == 0)
        {
            await CreateHeadAsync(db, workspaceId, cancellationToken);
            await heads.ExecuteUpdateAsync(s => s.SetProperty(h => h.Sequence, h => h.Sequence + 1), cancellationToken);
        }

        var head = await heads.AsNoTracking().Select(h => new { h.Sequence, h.LastHash }).SingleAsync(cancellationToken);
        var details = JsonSerializer.Serialize(new SortedDictionary<string, object?>(
            (entry.Details ?? new Dictionary<string, object?>()).ToDictionary(), StringComparer.Ordinal), DetailsJson);
        var record = new AuditRecord(workspaceId, head.Sequence, Microseconds(clock.GetUtcNow()), actor.Kind, actor.Id,
            entry.Action, entry.SubjectType, entry.SubjectId, details, head.LastHash);
        record.Seal(HashOf(record));
        db.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        await heads.ExecuteUpdateAsync(s => s.SetProperty(h => h.LastHash, record.Hash), cancellationToken);
        return record;
    }

    /// <summary>
    /// Runs <paramref name="act"/> and appends its audit record in one transaction (the usual case). The act returns
    /// its result and the entry describing it.
    /// </summary>
    public async Task<T> RecordAsync<T>(ContactBoxDbContext db, AuditActor actor, Func<Task<(T Result, AuditEntry Entry)>> act, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var (result, entry) = await act();
        await AppendAsync(db, actor, entry, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>The first record of a workspace creates its head; a concurrent first writer may win, which is fine.</summary>
    private static async Task CreateHeadAsync(ContactBoxDbContext db, Guid workspaceId, CancellationToken cancellationToken)
    {
        var transaction = db.Database.CurrentTransaction!;
        await transaction.CreateSavepointAsync("audit_head", cancellationToken);
        var head = new AuditChainHead(workspaceId);
        db.Add(head);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            await transaction.RollbackToSavepointAsync("audit_head", cancellationToken);
        }
        finally
        {
            db.Entry(head).State = EntityState.Detached;
        }
    }

    /// <summary>Instants are kept to the microsecond, the finest precision all three databases store exactly.</summary>
    private static DateTimeOffset Microseconds(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % 10), TimeSpan.Zero);

    /// <summary>SHA-256 (lower-case hex) over the canonical form: a JSON array of every field in a fixed order, the previous hash last.</summary>
    public static string HashOf(AuditRecord record)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            json.WriteStringValue("contactbox-audit-v1");
            json.WriteStringValue(record.WorkspaceId.ToString("D"));
            json.WriteNumberValue(record.Sequence);
            json.WriteStringValue(record.OccurredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
            json.WriteStringValue(record.ActorKind.ToString());
            WriteNullable(json, record.ActorId);
            json.WriteStringValue(record.Action.ToString());
            WriteNullable(json, record.SubjectType);
            WriteNullable(json, record.SubjectId?.ToString("D"));
            json.WriteStringValue(record.Details);
            json.WriteStringValue(record.PreviousHash);
            json.WriteEndArray();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
    }

    private static void WriteNullable(Utf8JsonWriter json, string? value)
    {
        if (value is null)
        {
            json.WriteNullValue();
        }
        else
        {
            json.WriteStringValue(value);
        }
    }
}
