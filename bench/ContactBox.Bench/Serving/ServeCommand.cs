using System.Text.Json;
using ContactBox.Api.Auth;
using ContactBox.Api.Hosting;
using ContactBox.Api.Workspaces;
using ContactBox.Domain.Auth;
using ContactBox.Infrastructure.Auth;
using ContactBox.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ContactBox.Bench.Serving;

/// <summary>
/// <c>serve</c>: the real API, hosted as src/Api/Program.cs hosts it, plus the endpoints the benchmark compares
/// it with: a hand-written minimal API for the same contact list and a constant <c>__typename</c> answer.
/// Both contact lists need an access token, as in production: <c>GET /bench/token</c> hands out one for a
/// client of the seeded workspace (this host only listens on loopback for bench/run.sh).
/// </summary>
internal static class ServeCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = BenchOptions.Parse(args);
        var builder = options.CreateBuilder();
        // The benchmark talks plain HTTP over loopback; production puts TLS in front of the token endpoint.
        builder.Configuration[$"{AuthOptions.Section}:{nameof(AuthOptions.RequireHttps)}"] = "false";
        builder.Configuration[$"{AuthOptions.Section}:{nameof(AuthOptions.AccessTokenLifetime)}"] = "12:00:00"; // outlasts a long run
        builder.AddContactBoxApi();

        // AddContactBoxDatabase hands every IInterceptor in DI to the DbContext.
        builder.Services.AddSingleton<StatementCounter>();
        builder.Services.AddSingleton<IInterceptor>(services => services.GetRequiredService<StatementCounter>());
        builder.Services.AddHttpClient();
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, BenchJsonContext.Default));

        await using var app = builder.Build();
        await app.InitializeContactBoxAsync();
        var client = await CreateBenchClientAsync(app);
        app.MapContactBox();
        app.MapBenchEndpoints(client);
        await app.RunAsync();
        return 0;
    }

    /// <summary>A client of the seeded (demo) workspace, created the way the <c>workspace create</c> verb creates one.</summary>
    private static async Task<ClientCredentials> CreateBenchClientAsync(WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ContactBoxDbContext>().Workspace.Set(app.Services.GetRequiredService<DefaultWorkspace>().WorkspaceId, null);
        return await scope.ServiceProvider.GetRequiredService<WorkspaceProvisioning>()
            .CreateConfidentialClientAsync("Benchmark", [AuthScopes.ContactsRead], app.Lifetime.ApplicationStopping);
    }

    private static void MapBenchEndpoints(this WebApplication app, ClientCredentials client)
    {
        app.MapGet("/bench/token", async (HttpContext context, IHttpClientFactory http) =>
        {
            var self = $"{context.Request.Scheme}://{context.Request.Host}{AuthRegistration.TokenPath}";
            using var response = await http.CreateClient().PostAsync(self, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials", ["client_id"] = client.ClientId, ["client_secret"] = client.ClientSecret,
            }), context.RequestAborted);
            response.EnsureSuccessStatusCode();
            using var token = JsonDocument.Parse(await response.Content.ReadAsStringAsync(context.RequestAborted));
            return Results.Text(token.RootElement.GetProperty("access_token").GetString());
        });
        app.MapPost("/bench/contacts", ContactListEndpoint.HandleAsync);
        app.MapPost("/bench/typename", () => Results.Text("""{"data":{"__typename":"Query"}}""", "application/json; charset=utf-8"));
        app.MapGet("/bench/statements", (StatementCounter counter) => Results.Json(counter.TakeSnapshot(), BenchJsonContext.Default.StatementsSnapshot));
    }
}
