namespace ContactBox.Domain.Common;

/// <summary>
/// Marks rows that belong to one workspace (tenant). The data layer sets <see cref="WorkspaceId"/> on insert
/// and scopes every query to the current workspace; domain code never assigns it.
/// </summary>
public interface IWorkspaceOwned
{
    Guid WorkspaceId { get; }
}
