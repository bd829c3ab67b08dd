using ContactBox.Infrastructure.Persistence;
using ContactBox.Infrastructure.Tenancy;
using Microsoft.Extensions.DependencyInjection;

namespace ContactBox.Infrastructure.Tests.Support;

/// <summary>One unit of work as the API runs it: a DI scope with its own context and current workspace.</summary>
public sealed class WorkspaceScope(AsyncServiceScope scope) : IAsyncDisposable
{
    public ContactBoxDbContext Db { get; } = scope.ServiceProvider.GetRequiredService<ContactBoxDbContext>();

    public CurrentWorkspace Workspace { get; } = scope.ServiceProvider.GetRequiredService<CurrentWorkspace>();

    public ValueTask DisposeAsync() => scope.DisposeAsync();
}
