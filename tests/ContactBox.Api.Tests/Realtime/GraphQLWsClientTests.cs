using System.Diagnostics;
using ContactBox.Api.Tests.Support;

namespace ContactBox.Api.Tests.Realtime;

/// <summary>
/// The published <c>graphql-ws</c> npm client, unmodified (tests/graphql-ws-client, installed by <c>npm ci</c> there),
/// subscribes through ContactBox and receives an event. Skipped outside CI when node or the packages are missing.
/// </summary>
public sealed class GraphQLWsClientTests(SqliteApi api) : IClassFixture<SqliteApi>
{
    [SkippableFact]
    public async Task The_graphql_ws_npm_client_receives_contactChanged()
    {
        var folder = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../graphql-ws-client"));
        var installed = Directory.Exists(Path.Combine(folder, "node_modules", "graphql-ws"));
        if (!installed && Environment.GetEnvironmentVariable("CI") == "true")
        {
            Assert.Fail($"CI=true and the graphql-ws client is not installed: npm ci --prefix {folder} (.ci/run does it).");
        }

        Skip.IfNot(installed, $"The graphql-ws npm client is not installed, so this test was skipped: npm ci --prefix {folder}");
        var start = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "subscribe.mjs", new UriBuilder(api.BaseAddress) { Scheme = "ws", Path = "/graphql" }.Uri.ToString(), api.AccessToken, "1" })
        {
            start.ArgumentList.Add(argument);
        }

        using var node = Process.Start(start)!;
        Assert.Equal("connected", await node.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)));
        await Task.Delay(1000); // the subscribe message follows the acknowledgement

        await new TestData(api.GraphQL).PersonAsync("Npm", "Client");

        var line = await node.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await node.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(node.ExitCode == 0, await node.StandardError.ReadToEndAsync());
        Assert.Equal("""{"data":{"contactChanged":{"kind":"CREATED","contact":{"displayName":"Npm Client"}}}}""", line);
    }
}

