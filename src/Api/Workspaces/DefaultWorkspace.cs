using ContactBox.Domain.Members;
using ContactBox.Domain.Workspaces;
using ContactBox.Infrastructure.Persistence;
using ContactBox.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Api.Workspaces;

/// <summary>
/// The workspace and member that requests act as until OAuth sign-in exists: created at first start.
/// Requests get them through <see cref="CurrentWorkspace"/>, the same mechanism a token will feed.
/// </summary>
public sealed class DefaultWorkspace
{
    public const string Name = "Demo";
    public const string MemberName = "Demo Admin";
    public const string MemberEmail = "admin@contactbox.example";

    public Guid WorkspaceId { get; private set; }
    public Guid MemberId { get; private set; }

    /// <summary>Migrates the database and makes sure the default workspace and its first member exist.</summary>
    public async Task InitializeAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactBoxDbContext>();
        var options = scope.ServiceProvider.GetRequiredService<DatabaseOptions>();
        await db.PrepareAsync(options, cancellationToken);

        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var workspace = await db.Workspaces.OrderBy(w => w.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        if (workspace is null)
        {
            workspace = new Workspace(Name, clock.GetUtcNow());
            db.Workspaces.Add(workspace);
            await db.SaveChangesAsync(cancellationToken);
        }

        db.Workspace.Set(workspace.Id, null);
        var member = await db.Members.OrderBy(m => m.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        if (member is null)
        {
            member = new Member(MemberName, MemberEmail, MemberRoles.Admin | MemberRoles.Dpo);
            db.Members.Add(member);
            await db.SaveChangesAsync(cancellationToken);
        }

        WorkspaceId = workspace.Id;
        MemberId = member.Id;
    }
}
