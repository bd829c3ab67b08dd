using ContactBox.Domain.Auth;
using ContactBox.Infrastructure.Auth;
using ContactBox.Infrastructure.Persistence;

namespace ContactBox.Api.Workspaces;

/// <summary>
/// <c>dotnet run --project src/Api -- workspace create --name "Acme" --client-name "Acme integration"</c>:
/// bootstraps a workspace with a confidential client holding every scope, and prints its secret once.
/// </summary>
public static class WorkspaceCommand
{
    public static bool IsCommand(string[] args) => args is ["workspace", ..];

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        if (args is not ["workspace", "create", .. var rest] || Option(rest, "--name") is not { } name)
        {
            await Console.Error.WriteLineAsync("usage: workspace create --name NAME [--client-name NAME]");
            return 2;
        }

        var clientName = Option(rest, "--client-name") ?? $"{name} integration";
        var cancellationToken = app.Lifetime.ApplicationStopping;
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactBoxDbContext>();
        await db.PrepareAsync(scope.ServiceProvider.GetRequiredService<DatabaseOptions>(), cancellationToken);

        var provisioning = scope.ServiceProvider.GetRequiredService<WorkspaceProvisioning>();
        var workspace = await provisioning.CreateWorkspaceAsync(name, cancellationToken);
        db.Workspace.Set(workspace.Id, null);
        var client = await provisioning.CreateConfidentialClientAsync(clientName, AuthScopes.All, cancellationToken);

        Console.WriteLine($"Workspace \"{workspace.Name}\" created ({workspace.Id}).");
        Console.WriteLine($"client_id:     {client.ClientId}");
        Console.WriteLine($"client_secret: {client.ClientSecret}");
        Console.WriteLine("The secret is shown only this once; keep it in your secret store.");
        return 0;
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
