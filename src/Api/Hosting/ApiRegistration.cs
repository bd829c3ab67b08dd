using ContactBox.Api.Attachments;
using ContactBox.Api.Auth;
using ContactBox.Api.Explorer;
using ContactBox.Api.Export;
using ContactBox.Api.GraphQL.Authorization;
using ContactBox.Api.GraphQL.Transport;
using ContactBox.Api.GraphQL;
using ContactBox.Api.Import;
using ContactBox.Api.Operations;
using ContactBox.Api.Privacy;
using ContactBox.Api.Realtime;
using ContactBox.Api.Workspaces;
using ContactBox.Infrastructure.CustomFields;
using ContactBox.Infrastructure.Import;
using ContactBox.Infrastructure.Jobs;
using ContactBox.Infrastructure.Persistence;
using ContactBox.Infrastructure.Privacy;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ContactBox.Api.Hosting;

public static class ApiRegistration
{
    public const string GraphQLPath = "/graphql";

    /// <summary>Everything the API host needs: database, OAuth server and token validation, GraphQL, health checks, telemetry.</summary>
    public static WebApplicationBuilder AddContactBoxApi(this WebApplicationBuilder builder)
    {
        var dataPath = Path.GetFullPath(builder.Configuration["ContactBox:DataPath"] ?? "data", builder.Environment.ContentRootPath);
        builder.Services.AddContactBoxDatabase(builder.Configuration, dataPath);
        builder.Services.AddSingleton(new ContactBoxPaths(dataPath));
        builder.AddContactBoxAuth(dataPath);
        builder.Services.AddContactBoxGraphQL(builder.Configuration);
        builder.AddContactBoxAttachments(dataPath);
        builder.Services.AddContactBoxRealtimeApi(builder.Configuration);
        builder.Services.AddContactBoxJobs(builder.Configuration, Jobs.JobContributions.All);
        builder.Services.AddSingleton<DefaultWorkspace>();
        builder.Services.AddContactBoxPrivacy();
        builder.AddContactBoxOperations(dataPath);
        builder.AddContactBoxImport();
        builder.AddContactBoxExport(dataPath);
        builder.Services.AddContactBoxCustomFields();

        builder.Services.AddHealthChecks().AddDbContextCheck<ContactBoxDbContext>("database", tags: ["ready"]);
        builder.AddContactBoxTelemetry();
        return builder;
    }

    /// <summary>
    /// OpenTelemetry traces (HTTP, GraphQL operations, EF Core) and metrics, exported over OTLP when
    /// OTEL_EXPORTER_OTLP_ENDPOINT is configured; nothing leaves the process otherwise.
    /// </summary>
    private static void AddContactBoxTelemetry(this WebApplicationBuilder builder)
    {
        var telemetry = builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/health"))
                .AddEntityFrameworkCoreInstrumentation()
                .AddSource("GraphQL"))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }
    }

    /// <summary>Startup work that must finish before the first request: migrations and the demo workspace.</summary>
    public static async Task InitializeContactBoxAsync(this WebApplication app)
    {
        var demo = app.Services.GetRequiredService<DefaultWorkspace>();
        await demo.InitializeAsync(app.Services, app.Lifetime.ApplicationStopping);
        await app.SweepAttachmentsAtStartupAsync();
        var logger = app.Logger;
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            foreach (var address in app.Urls.Select(address => address.TrimEnd('/')))
            {
                logger.LogInformation("ContactBox is ready: GraphQL and the explorer at {Endpoint}", address + GraphQLPath);
                if (demo.DemoClient is { } client && app.Environment.IsDevelopment())
                {
                    // Development only: the demo secret is also in demo-client.json. Elsewhere only the file is named.
                    logger.LogInformation(
                        "Demo client {ClientId} (credentials in {File}). Get a token with:\n  curl -s {TokenUrl} -d grant_type=client_credentials -d client_id={ClientId} -d client_secret={ClientSecret}",
                        client.ClientId, demo.DemoClientFile, address + AuthRegistration.TokenPath, client.ClientId, client.ClientSecret);
                }
                else if (demo.DemoClient is { } firstClient)
                {
                    logger.LogInformation("First start: client {ClientId} of the demo workspace; its secret is in {File}", firstClient.ClientId, demo.DemoClientFile);
                }

                if (demo.DemoMember is { } member && app.Environment.IsDevelopment())
                {
                    logger.LogInformation(
                        "Demo member {Email}, password {Password} (also in {File}): sign in from the explorer with client {ExplorerClient}, see the README",
                        member.Email, member.Password, demo.DemoMemberFile, DefaultWorkspace.ExplorerClientId);
                }
            }
        });
    }

    public static WebApplication MapContactBox(this WebApplication app)
    {
        // Every request runs in the workspace of its access token; without one, in none (see AuthRegistration).
        app.UseContactBoxAuth();
        app.UseContactBoxRateLimitsAfterAuthentication(GraphQLPath);
        app.UseWebSockets();

        app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains("ready") });

        var handler = app.Services.GetRequiredService<GraphQLHttpHandler>();
        app.Map(GraphQLPath, context =>
        {
            if (HttpMethods.IsGet(context.Request.Method) && context.Request.Query.ContainsKey("sdl"))
            {
                // The SDL is introspection by another name: the same rule applies.
                return context.RequestServices.GetRequiredService<AccessChecker>().CheckIntrospection(context.User) is null
                    ? SchemaExport.WriteSdlAsync(context)
                    : Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "The schema needs a valid access token.").ExecuteAsync(context);
            }

            if (ExplorerEndpoints.IsBrowserRequest(context.Request))
            {
                return ExplorerEndpoints.WriteExplorerPageAsync(context);
            }

            // Subscriptions (and any operation) over WebSocket (graphql-transport-ws) or Server-Sent Events.
            if (context.TryHandleRealtime() is { } realtime)
            {
                return realtime;
            }

            return handler.HandleAsync(context);
        });
        app.MapContactBoxExplorer(GraphQLPath);
        app.MapContactBoxAttachments();
        app.MapPrivacyEndpoints();
        app.MapContactBoxExport();
        app.MapContactBoxOperations();
        return app;
    }
}
