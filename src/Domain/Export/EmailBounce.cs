using ContactBox.Domain.Common;

namespace ContactBox.Domain.Export;

/// <summary>How a newsletter service reported a message to an address: permanently undeliverable, or for now.</summary>
public enum BounceKind
{
    /// <summary>The address does not exist or refuses mail for good; newsletter exports leave it out.</summary>
    Hard,
    /// <summary>A passing failure (mailbox full, server down); counted, never excludes.</summary>
    Soft,
}

/// <summary>
/// The bounces reported for one e-mail address of the workspace (one row per address, whichever contacts carry it).
/// A hard bounce keeps its first date and reason until it is cleared, e.g. when the address is confirmed again.
/// </summary>
public sealed class EmailBounce : WorkspaceEntity
{
    public const int MaxReason = 500;

    private EmailBounce() { }

    public EmailBounce(string address) => Address = Key(address);

    /// <summary>The address in lower case: bounces match addresses regardless of case.</summary>
    public string Address { get; private set; } = null!;

    public DateTimeOffset? HardBouncedAt { get; private set; }
    public string? HardBounceReason { get; private set; }
    public int SoftBounceCount { get; private set; }
    public DateTimeOffset? LastSoftBounceAt { get; private set; }

    public bool IsHardBounced => HardBouncedAt is not null;

    /// <summary>How addresses are compared: e-mail addresses with the same letters in other case are one address here.</summary>
    public static string Key(string address) => address.ToLowerInvariant();

    public void Record(BounceKind kind, DateTimeOffset occurredAt, string? reason, string field)
    {
        var at = Guard.Utc(occurredAt);
        var why = Guard.Optional(reason, $"{field}.reason", MaxReason);
        if (kind == BounceKind.Hard)
        {
            // The first hard bounce stays: a service reporting it again adds nothing.
            if (HardBouncedAt is null || at < HardBouncedAt)
            {
                HardBouncedAt = at;
                HardBounceReason = why;
            }

            return;
        }

        SoftBounceCount++;
        if (LastSoftBounceAt is null || at > LastSoftBounceAt)
        {
            LastSoftBounceAt = at;
        }
    }
}

/// <summary>A processing purpose an OAuth client may export for (set by an admin).</summary>
public sealed class ClientExportPurpose : IWorkspaceOwned
{
    private ClientExportPurpose() { }

    public ClientExportPurpose(Guid clientId, Guid purposeId)
    {
        ClientId = clientId;
        PurposeId = purposeId;
    }

    public Guid WorkspaceId { get; private set; }

    /// <summary>The OAuth client row's ID (not its client_id).</summary>
    public Guid ClientId { get; private set; }

    public Guid PurposeId { get; private set; }
}
