using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using ContactBox.Api.Tests.Support;

namespace ContactBox.Api.Tests.Realtime;

/// <summary>
/// Published clients, unmodified (tests/graphql-ws-client, installed by <c>npm ci</c> there): the <c>graphql-ws</c> npm
/// client, Apollo Client with its GraphQLWsLink and urql with its subscriptionExchange (both over graphql-ws), and the
/// <c>graphql-sse</c> npm client over Server-Sent Events subscribe through ContactBox, receive the events and complete.
/// Skipped outside CI when node or the packages are missing.
/// </summary>
public sealed class GraphQLWsClientTests(SqliteApi api) : IClassFixture<SqliteApi>
{
    private static readonly string Folder = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../graphql-ws-client"));

    [SkippableFact]
    public async Task The_graphql_ws_npm_client_receives_contactChanged()
    {
        using var node = await StartAsync("subscribe.mjs", "ws", api.AccessToken, "1");
        await new TestData(api.GraphQL).PersonAsync("Npm", "Client");

        var line = await node.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await ExitedAsync(node);
        Assert.Equal("""{"data":{"contactChanged":{"kind":"CREATED","contact":{"displayName":"Npm Client"}}}}""", line);
    }

    [SkippableTheory]
    [InlineData("apollo")]
    [InlineData("urql")]
    public async Task Apollo_Client_and_urql_receive_events_then_complete(string library)
    {
        var lastName = library + Guid.NewGuid().ToString("N")[..8];
        using var node = await StartAsync("published-clients.mjs", "ws", library, api.AccessToken, lastName, "2");
        var contact = await new TestData(api.GraphQL).PersonAsync("Ada", lastName);
        // The update waits for the first event: a subscriber reads the contact when its event is delivered (its state
        // then), so an update sent earlier could already show in the CREATED event on a loaded machine.
        var lines = new List<string> { (await node.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)))! };
        await api.GraphQL.MutateAsync("mutation ($input: UpdateContactInput!) { updateContact(input: $input) { contact { id } errors { __typename } } }",
            "updateContact", "contact", new { input = new { id = contact.GetProperty("id").GetString(), version = contact.GetProperty("version").GetInt32(), firstName = "Grace" } });
        for (var i = 1; i < 4; i++)
        {
            lines.Add((await node.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)))!);
        }

        await ExitedAsync(node);
        // Apollo Client adds __typename to every selection set (for its cache) and the server answers it like any
        // field; it is taken out here so that both clients' lines compare with the same text.
        string[] expected =
        [
            $$$$"""{"contactChanged":{"kind":"CREATED","contact":{"displayName":"Ada {{{{lastName}}}}"}}}""",
            $$$$"""{"contactChanged":{"kind":"UPDATED","contact":{"displayName":"Grace {{{{lastName}}}}"}}}""",
            $$$$"""{"contacts":{"nodes":[{"displayName":"Grace {{{{lastName}}}}"}]}}""",
            "completed",
        ];
        Assert.Equal(expected, lines.Select(WithoutTypename));
    }

    [SkippableFact]
    public async Task The_graphql_sse_npm_client_receives_events_then_queries_and_completes()
    {
        var lastName = "Sse" + Guid.NewGuid().ToString("N")[..8];
        using var node = await StartAsync("sse.mjs", "http", api.AccessToken, lastName, "2");
        var contact = await new TestData(api.GraphQL).PersonAsync("Ada", lastName);
        var lines = new List<string> { (await node.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)))! };
        await api.GraphQL.MutateAsync("mutation ($input: DeleteContactInput!) { deleteContact(input: $input) { contact { id } errors { __typename } } }",
            "deleteContact", "contact", new { input = new { id = contact.GetProperty("id").GetString() } });
        for (var i = 1; i < 4; i++)
        {
            lines.Add((await node.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)))!);
        }

        await ExitedAsync(node);
        string[] expected =
        [
            $$$$"""{"contactChanged":{"kind":"CREATED","contact":{"displayName":"Ada {{{{lastName}}}}"}}}""",
            """{"contactChanged":{"kind":"DELETED","contact":null}}""",
            """{"contacts":{"nodes":[]}}""",
            "completed",
        ];
        Assert.Equal(expected, lines);
    }

    [SkippableFact]
    public async Task The_graphql_sse_npm_client_reports_a_refused_token_as_the_response_status()
    {
        using var node = await StartAsync("sse.mjs", "http", "invalid", "Nobody", "1");

        var line = await node.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await ExitedAsync(node);
        Assert.Equal("""{"error":"NetworkError","status":401}""", line);
    }

    private static string WithoutTypename(string line)
    {
        if (!line.StartsWith('{'))
        {
            return line;
        }

        var node = JsonNode.Parse(line)!;
        Strip(node);
        return node.ToJsonString();

        static void Strip(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject value:
                    value.Remove("__typename");
                    foreach (var (_, child) in value)
                    {
                        Strip(child);
                    }

                    break;
                case JsonArray list:
                    foreach (var child in list)
                    {
                        Strip(child);
                    }

                    break;
            }
        }
    }

    /// <summary>
    /// Starts a client script against this API's <c>/graphql</c> (<paramref name="scheme"/> ws for a WebSocket, http for
    /// Server-Sent Events) and waits until its socket is acknowledged or its event stream answered, and subscribed.
    /// </summary>
    private async Task<Process> StartAsync(string script, string scheme, params string[] arguments)
    {
        // Every client package.json names must be there: a folder installed before a client was added is not enough.
        var missing = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "package.json"))).RootElement.GetProperty("dependencies")
            .EnumerateObject().Select(d => d.Name).Where(name => !Directory.Exists(Path.Combine(Folder, "node_modules", name))).ToList();
        if (missing.Count > 0 && Environment.GetEnvironmentVariable("CI") == "true")
        {
            Assert.Fail($"CI=true and the npm clients are not installed ({string.Join(", ", missing)}): npm ci --prefix {Folder} (.ci/run does it).");
        }

        Skip.If(missing.Count > 0, $"The npm clients are not installed ({string.Join(", ", missing)}), so this test was skipped: npm ci --prefix {Folder}");
        var start = new ProcessStartInfo("node") { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(new UriBuilder(api.BaseAddress) { Scheme = scheme, Path = "/graphql" }.Uri.ToString());
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var node = Process.Start(start)!;
        var first = await node.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (first != "connected")
        {
            // The script's own words (a missing module, a refused connection) say more than the missing line.
            Assert.Fail($"{script} printed {first ?? "nothing"} instead of connected: {await node.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(10))}");
        }

        await Task.Delay(1000); // the subscribe message follows the acknowledgement
        return node;
    }

    private static async Task ExitedAsync(Process node)
    {
        await node.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(node.ExitCode == 0, await node.StandardError.ReadToEndAsync());
    }
}
