using ContactBox.Api.GraphQL.Authorization;
using ContactBox.Api.GraphQL.DataLoading;
using ContactBox.Api.GraphQL.Filtering;
using ContactBox.Api.GraphQL.Paging;
using ContactBox.Api.GraphQL.Relay;
using ContactBox.Api.GraphQL.Sorting;
using ContactBox.Api.GraphQL.Transport;
using GraphQL;
using GraphQL.Execution;
using GraphQLParser.AST;

namespace ContactBox.Api.GraphQL;

public static class GraphQLRegistration
{
    /// <summary>
    /// The one GraphQL setup: schema, serializer, limits, error mapping, execution strategy.
    /// Program.cs, the schema export verb and the tests all use this.
    /// </summary>
    public static IServiceCollection AddContactBoxGraphQL(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<GraphQLOptions>(configuration.GetSection(GraphQLOptions.Section));
        var options = configuration.GetSection(GraphQLOptions.Section).Get<GraphQLOptions>() ?? new GraphQLOptions();

        services.AddSingleton<GraphTypeRegistry>();
        services.AddSingleton<EntityShapes>();
        services.AddSingleton<FilterTypeFactory>();
        services.AddSingleton<SchemaKit>();
        services.AddSingleton<NodeRegistry>();
        services.AddSingleton<AccessChecker>();
        services.AddScoped<DataLoaders>();
        services.AddSingleton<GraphQLHttpHandler>();
        services.AddSingleton<MultipartRequestReader>();

        services.AddGraphQL(builder => builder
            .AddSchema<ContactBoxSchema>()
            .AddGraphTypes(typeof(GraphQLRegistration).Assembly)
            .AddSystemTextJson(json => json.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping)
            .AddErrorInfoProvider(e =>
            {
                e.ExposeCode = true;
                e.ExposeCodes = false;
                e.ExposeData = false;
                e.ExposeExceptionDetails = false;
            })
            // Access declared on fields and types (AccessRules) is enforced here, before execution.
            .AddValidationRule<AuthorizationValidationRule>()
            .AddComplexityAnalyzer(c =>
            {
                c.MaxDepth = options.MaxDepth;
                c.MaxComplexity = options.MaxComplexity;
            })
            // Resolvers share the request's DbContext, which allows one operation at a time; batching comes
            // from the data loaders, not from running resolvers in parallel.
            .AddExecutionStrategy<SerialExecutionStrategy>(OperationType.Query)
            // Each subscription event runs in a scope of its own, in the subscriber's workspace.
            .AddExecutionStrategy<Realtime.RealtimeExecutionStrategy>(OperationType.Subscription)
            .AddUnhandledExceptionHandler(ErrorTranslation.Translate)
            .UseTelemetry());

        return services;
    }
}
