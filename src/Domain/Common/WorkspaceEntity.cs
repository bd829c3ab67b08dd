namespace ContactBox.Domain.Common;

/// <summary>An entity owned by a workspace, with creation and change stamps filled in by the data layer.</summary>
public abstract class WorkspaceEntity : Entity, IWorkspaceOwned, IAudited
{
    public Guid WorkspaceId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public Guid? CreatedById { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public Guid? UpdatedById { get; private set; }
}
