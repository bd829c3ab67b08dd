namespace ContactBox.Infrastructure.Realtime;

/// <summary>
/// Something that happened in a workspace, published after its transaction committed and delivered to the
/// subscriptions of that workspace on every instance. It names the object, not its data: each subscriber reads
/// the object in its own scope, so it sees exactly what it could query.
/// </summary>
/// <param name="Type">The event type, e.g. <c>contactChanged</c>; one subscription field per type.</param>
/// <param name="WorkspaceId">The workspace it happened in; no other workspace ever receives it.</param>
/// <param name="ObjectId">The object it is about (the contact, the timeline entry, the follow-up …).</param>
public sealed record RealtimeEvent(string Type, Guid WorkspaceId, Guid ObjectId)
{
    /// <summary>What happened to the object, for types that distinguish it (CREATED, UPDATED, DELETED).</summary>
    public string? Change { get; init; }

    /// <summary>The object it belongs to, for filtering (the contact of a timeline entry or attachment).</summary>
    public Guid? ParentId { get; init; }

    /// <summary>The member it is meant for (a follow-up's assignee); null when it concerns the whole workspace.</summary>
    public Guid? MemberId { get; init; }

    /// <summary>Small feature-specific data (e.g. progress as JSON); keep it free of personal data.</summary>
    public string? Data { get; init; }

    /// <summary>When it was published (after the commit), for latency measurements.</summary>
    public DateTimeOffset PublishedAt { get; init; }
}
