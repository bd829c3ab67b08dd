using ContactBox.Api.Hosting;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ContactBox.Bench.Serving;

/// <summary>
/// <c>serve</c>: the real API, hosted as src/Api/Program.cs hosts it, plus the endpoints the benchmark compares
/// it with: a hand-written minimal API for the same contact list and a constant <c>__typename</c> answer.
/// </summary>
internal static class ServeCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = BenchOptions.Parse(args);
        var builder = options.CreateBuilder();
        builder.AddContactBoxApi();

        // AddContactBoxDatabase hands every IInterceptor in DI to the DbContext.
        builder.Services.AddSingleton<StatementCounter>();
        builder.Services.AddSingleton<IInterceptor>(services => services.GetRequiredService<StatementCounter>());
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, BenchJsonContext.Default));

        await using var app = builder.Build();
        await app.InitializeContactBoxAsync();
        app.MapContactBox();
        app.MapBenchEndpoints();
        await app.RunAsync();
        return 0;
    }

    private static void MapBenchEndpoints(this WebApplication app)
    {
        app.MapPost("/bench/contacts", ContactListEndpoint.HandleAsync);
        app.MapPost("/bench/typename", () => Results.Text("""{"data":{"__typename":"Query"}}""", "application/json; charset=utf-8"));
        app.MapGet("/bench/statements", (StatementCounter counter) => Results.Json(counter.TakeSnapshot(), BenchJsonContext.Default.StatementsSnapshot));
    }
}
