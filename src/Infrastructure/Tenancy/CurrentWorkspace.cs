namespace ContactBox.Infrastructure.Tenancy;

/// <summary>
/// The workspace and actor of the current unit of work (an HTTP request, a job, a CLI verb).
/// Set once per scope by whoever starts the work; the data layer reads it for every query and write.
/// </summary>
public sealed class CurrentWorkspace
{
    private Guid? _workspaceId;

    public Guid Id => _workspaceId ?? throw new InvalidOperationException("No workspace was set for this scope; data access is refused.");

    public bool IsSet => _workspaceId is not null;

    /// <summary>The member acting, when it is a person; null for clients and the system.</summary>
    public Guid? ActorId { get; private set; }

    public void Set(Guid workspaceId, Guid? actorId)
    {
        if (_workspaceId is not null && _workspaceId != workspaceId)
        {
            throw new InvalidOperationException("The workspace of a scope cannot change once set.");
        }

        _workspaceId = workspaceId;
        ActorId = actorId;
    }
}
