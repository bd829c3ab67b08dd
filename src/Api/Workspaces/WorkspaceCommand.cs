using System.Security.Cryptography;
using ContactBox.Api.Auth;
using ContactBox.Domain.Auth;
using ContactBox.Domain.Members;
using ContactBox.Infrastructure.Auth;
using ContactBox.Infrastructure.Persistence;

namespace ContactBox.Api.Workspaces;

/// <summary>What <c>workspace create</c> made; the secret and the password are shown only this once.</summary>
public sealed record WorkspaceBootstrap(Guid WorkspaceId, ClientCredentials Client, string AdminEmail, string AdminPassword);

/// <summary>
/// <c>dotnet run --project src/Api -- workspace create --name "Acme" --admin-email anna@acme.example [--admin-name "Anna Admin"] [--client-name "Acme integration"]</c>:
/// bootstraps a new installation's workspace with its first admin (roles ADMIN and DPO, a generated password)
/// and a confidential client holding every scope, and prints the password and the secret once.
/// </summary>
public static class WorkspaceCommand
{
    private const string Usage = "usage: workspace create --name NAME --admin-email EMAIL [--admin-name NAME] [--client-name NAME]";

    public static bool IsCommand(string[] args) => args is ["workspace", ..];

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        if (args is not ["workspace", "create", .. var rest] || Option(rest, "--name") is not { } name || Option(rest, "--admin-email") is not { } adminEmail)
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        var cancellationToken = app.Lifetime.ApplicationStopping;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ContactBoxDbContext>().PrepareAsync(scope.ServiceProvider.GetRequiredService<DatabaseOptions>(), cancellationToken);
        }

        var created = await CreateAsync(app.Services, name, adminEmail, Option(rest, "--admin-name") ?? adminEmail.Split('@')[0], Option(rest, "--client-name") ?? $"{name} integration", cancellationToken);
        Console.WriteLine($"Workspace \"{name}\" created ({created.WorkspaceId}).");
        Console.WriteLine($"admin:         {created.AdminEmail}");
        Console.WriteLine($"password:      {created.AdminPassword}");
        Console.WriteLine($"client_id:     {created.Client.ClientId}");
        Console.WriteLine($"client_secret: {created.Client.ClientSecret}");
        Console.WriteLine("The password and the secret are shown only this once; keep them in your secret store.");
        return 0;
    }

    /// <summary>Creates the workspace, its first admin and its integration client in one go (the CLI verb's work).</summary>
    public static async Task<WorkspaceBootstrap> CreateAsync(IServiceProvider services, string name, string adminEmail, string adminName, string clientName, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactBoxDbContext>();
        var provisioning = scope.ServiceProvider.GetRequiredService<WorkspaceProvisioning>();
        var workspace = await provisioning.CreateWorkspaceAsync(name, cancellationToken);
        db.Workspace.Set(workspace.Id, null);

        var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_');
        var admin = new Member(adminName, adminEmail, MemberRoles.Admin | MemberRoles.Dpo);
        scope.ServiceProvider.GetRequiredService<MemberSignIn>().SetPassword(admin, password);
        db.Members.Add(admin);
        await db.SaveChangesAsync(cancellationToken);

        var client = await provisioning.CreateConfidentialClientAsync(clientName, AuthScopes.All, cancellationToken);
        return new WorkspaceBootstrap(workspace.Id, client, admin.Email, password);
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
