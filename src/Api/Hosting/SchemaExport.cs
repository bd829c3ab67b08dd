using ContactBox.Api.GraphQL;
using GraphQL;
using GraphQL.Utilities;

namespace ContactBox.Api.Hosting;

/// <summary>The published SDL: served at <c>GET /graphql?sdl</c> and written by <c>schema export</c>.</summary>
public static class SchemaExport
{
    public static string Print(IServiceProvider services)
    {
        var schema = services.GetRequiredService<ContactBoxSchema>();
        schema.Initialize();
        return schema.Print(new PrintOptions { IncludeDescriptions = true, IncludeDeprecationReasons = true, StringComparison = StringComparison.Ordinal }).ReplaceLineEndings("\n").TrimEnd() + "\n";
    }

    public static async Task WriteSdlAsync(HttpContext context)
    {
        context.Response.ContentType = "application/graphql; charset=utf-8";
        await context.Response.WriteAsync(Print(context.RequestServices), context.RequestAborted);
    }

    /// <summary><c>dotnet run --project src/Api -- schema export [file]</c>: writes the SDL (default schema/schema.graphql).</summary>
    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var path = args.Length > 2 ? args[2] : Path.Combine(FindRepositoryRoot(), "schema", "schema.graphql");
        await File.WriteAllTextAsync(path, Print(app.Services));
        Console.WriteLine($"Schema written to {Path.GetFullPath(path)}");
        return 0;
    }

    public static bool IsExportCommand(string[] args) => args is ["schema", "export", ..];

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ContactBox.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Run schema export inside the repository, or pass the output file.");
    }
}
