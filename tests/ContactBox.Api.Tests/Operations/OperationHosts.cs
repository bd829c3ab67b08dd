using System.Collections.Concurrent;
using ContactBox.Api.Operations;
using ContactBox.Api.Tests.Support;
using ContactBox.Domain.Operations;
using ContactBox.Infrastructure.Persistence;
using GraphQL;
using Microsoft.Extensions.DependencyInjection;

namespace ContactBox.Api.Tests.Operations;

/// <summary>
/// Settings that make small test files and selections run as background operations: exports of more than 3 contacts,
/// imports over 2,000 bytes; progress every 100 ms; download URLs that live 5 seconds (the expiry test waits for it).
/// </summary>
internal static class OperationSettings
{
    public static readonly IReadOnlyDictionary<string, string> Values = new Dictionary<string, string>
    {
        ["ContactBox:Operations:ExportInlineMaxContacts"] = "3",
        ["ContactBox:Operations:ImportInlineMaxBytes"] = "2000",
        ["ContactBox:Operations:ProgressInterval"] = "00:00:00.100",
        ["ContactBox:Attachments:DownloadUrlLifetime"] = "00:00:05",
    };

    /// <summary>Wraps every operation handler so that <see cref="OperationPause"/> can hold it.</summary>
    public static void Pausable(IServiceCollection services)
    {
        services.AddSingleton<OperationPause>();
        foreach (var registration in services.Where(d => d.ServiceType == typeof(IOperationHandler)).ToList())
        {
            services.Remove(registration);
            services.AddSingleton<IOperationHandler>(provider => new PausableHandler(Create(provider, registration), provider.GetRequiredService<OperationPause>()));
        }
    }

    private static IOperationHandler Create(IServiceProvider provider, ServiceDescriptor registration) =>
        (IOperationHandler)(registration.ImplementationInstance
                            ?? registration.ImplementationFactory?.Invoke(provider)
                            ?? ActivatorUtilities.CreateInstance(provider, registration.ImplementationType!));
}

/// <summary>
/// Holds the background operations of the workspaces named here at their first progress report (rows done, nothing
/// committed) until they are cancelled, at most two minutes. A cancellation test then meets an operation that is still
/// running: a 20,000-row import is otherwise over in well under a second, and on a busy machine the cancel can arrive
/// after the commit.
/// </summary>
public sealed class OperationPause
{
    private readonly ConcurrentDictionary<Guid, bool> _workspaces = new();

    public void Pause(Guid workspaceId) => _workspaces[workspaceId] = true;

    public bool Holds(Guid workspaceId) => _workspaces.ContainsKey(workspaceId);
}

/// <summary>The real handler, its progress held by <see cref="OperationPause"/> for paused workspaces.</summary>
internal sealed class PausableHandler(IOperationHandler inner, OperationPause pause) : IOperationHandler
{
    public OperationKind Kind => inner.Kind;

    public Type ResultGraphType => inner.ResultGraphType;

    public Task<OperationOutcome> RunAsync(OperationRun run, CancellationToken cancellationToken) =>
        inner.RunAsync(pause.Holds(run.Operation.WorkspaceId) ? run with { Progress = new HeldProgress(run.Progress, cancellationToken) } : run, cancellationToken);

    public Task<object?> ReadResultAsync(IResolveFieldContext context, BackgroundOperation operation) => inner.ReadResultAsync(context, operation);

    /// <summary>Passes each count on, then blocks the engine's reader at the first count above zero until the operation is cancelled.</summary>
    private sealed class HeldProgress(IProgress<long> inner, CancellationToken cancellation) : IProgress<long>
    {
        private int _held;

        public void Report(long value)
        {
            inner.Report(value);
            if (value > 0 && Interlocked.Exchange(ref _held, 1) == 0)
            {
                cancellation.WaitHandle.WaitOne(TimeSpan.FromMinutes(2));
            }
        }
    }
}

public sealed class SqliteOperationsApi : SqliteApi
{
    protected override IReadOnlyDictionary<string, string> Settings => OperationSettings.Values;

    protected override void ConfigureServices(IServiceCollection services) => OperationSettings.Pausable(services);
}

public sealed class PostgresOperationsApi : PostgresApi
{
    protected override IReadOnlyDictionary<string, string> Settings => OperationSettings.Values;

    protected override void ConfigureServices(IServiceCollection services) => OperationSettings.Pausable(services);
}
