using ContactBox.Api.Explorer;
using ContactBox.Api.GraphQL;
using ContactBox.Api.GraphQL.Transport;
using ContactBox.Api.Workspaces;
using ContactBox.Infrastructure.Persistence;
using ContactBox.Infrastructure.Tenancy;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ContactBox.Api.Hosting;

public static class ApiRegistration
{
    public const string GraphQLPath = "/graphql";

    /// <summary>Everything the API host needs: database, GraphQL, health checks, telemetry.</summary>
    public static WebApplicationBuilder AddContactBoxApi(this WebApplicationBuilder builder)
    {
        var dataPath = Path.GetFullPath(builder.Configuration["ContactBox:DataPath"] ?? "data", builder.Environment.ContentRootPath);
        builder.Services.AddContactBoxDatabase(builder.Configuration, dataPath);
        builder.Services.AddContactBoxGraphQL(builder.Configuration);
        builder.Services.AddSingleton<DefaultWorkspace>();

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

    /// <summary>Startup work that must finish before the first request: migrations and the default workspace.</summary>
    public static async Task InitializeContactBoxAsync(this WebApplication app)
    {
        await app.Services.GetRequiredService<DefaultWorkspace>().InitializeAsync(app.Services, app.Lifetime.ApplicationStopping);
        var logger = app.Logger;
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            foreach (var endpoint in app.Urls.Select(address => address.TrimEnd('/') + GraphQLPath))
            {
                logger.LogInformation("ContactBox is ready: GraphQL and the explorer at {Endpoint}", endpoint);
            }
        });
    }

    public static WebApplication MapContactBox(this WebApplication app)
    {
        // Until sign-in exists every request acts in the default workspace as its first member.
        app.Use((context, next) =>
        {
            var defaults = context.RequestServices.GetRequiredService<DefaultWorkspace>();
            context.RequestServices.GetRequiredService<CurrentWorkspace>().Set(defaults.WorkspaceId, defaults.MemberId);
            return next(context);
        });

        app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains("ready") });

        var handler = app.Services.GetRequiredService<GraphQLHttpHandler>();
        app.Map(GraphQLPath, context =>
        {
            if (HttpMethods.IsGet(context.Request.Method) && context.Request.Query.ContainsKey("sdl"))
            {
                return SchemaExport.WriteSdlAsync(context);
            }

            if (ExplorerEndpoints.IsBrowserRequest(context.Request))
            {
                return ExplorerEndpoints.WriteExplorerPageAsync(context);
            }

            return handler.HandleAsync(context);
        });
        app.MapContactBoxExplorer(GraphQLPath);
        return app;
    }
}
