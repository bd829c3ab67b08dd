using System.Globalization;
using ContactBox.Infrastructure.Persistence;

namespace ContactBox.Bench;

/// <summary>The options both verbs share, and a web host configured for the chosen database.</summary>
internal sealed record BenchOptions(DatabaseProvider Provider, string ConnectionString, IReadOnlyDictionary<string, string> Values, string[] HostArgs)
{
    /// <summary>
    /// Reads <c>--name value</c> pairs for <c>provider</c>, <c>connection</c> and the verb's own options
    /// (<paramref name="known"/>); everything else (e.g. <c>--urls</c>, <c>--Logging:LogLevel:Default=Warning</c>)
    /// is left for the ASP.NET Core host.
    /// </summary>
    public static BenchOptions Parse(string[] args, params string[] known)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var hostArgs = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i].StartsWith("--", StringComparison.Ordinal) ? args[i][2..] : null;
            if (name is "provider" or "connection" || (name is not null && known.Contains(name)))
            {
                values[name] = i + 1 < args.Length ? args[++i] : throw new ArgumentException($"--{name} needs a value.");
            }
            else
            {
                hostArgs.Add(args[i]);
            }
        }

        var provider = values.GetValueOrDefault("provider") switch
        {
            "sqlite" => DatabaseProvider.Sqlite,
            "postgresql" => DatabaseProvider.PostgreSql,
            var other => throw new ArgumentException($"--provider must be sqlite or postgresql, not '{other}'."),
        };
        var connection = values.GetValueOrDefault("connection") ?? throw new ArgumentException("--connection is required.");
        return new BenchOptions(provider, connection, values, [.. hostArgs]);
    }

    public int Int(string name, int fallback) =>
        Values.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    /// <summary>A host builder for the chosen database, logging at Warning unless the arguments say otherwise.</summary>
    public WebApplicationBuilder CreateBuilder()
    {
        var builder = WebApplication.CreateBuilder(HostArgs);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            [$"{DatabaseOptions.Section}:Provider"] = Provider.ToString(),
            [$"{DatabaseOptions.Section}:ConnectionString"] = ConnectionString,

            // The load generator is one subject from one address, far above what the abuse limits allow.
            ["ContactBox:RateLimits:GraphQLPerSubject"] = "100000000",
            ["ContactBox:RateLimits:GraphQLPerIp"] = "100000000",
            ["ContactBox:RateLimits:TokenPerIp"] = "100000000",
            ["ContactBox:RateLimits:TokenPerClient"] = "100000000",
        });

        // The command line is added again last so that it wins over the defaults above.
        builder.Configuration.AddCommandLine(HostArgs);
        return builder;
    }
}
