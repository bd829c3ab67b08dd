using ContactBox.Api.Tests.Attachments;
using ContactBox.Api.Tests.Support;

namespace ContactBox.Api.Tests.Operations;

/// <summary>
/// SQLite keeps the scheduler in memory: the API as a real process, killed with SIGKILL while a background import
/// writes, then started again. The operation is FAILED with a message saying to start it again, and the database
/// holds exactly the contacts it held before (the import ran in one transaction).
/// </summary>
public sealed class OperationRestartTests : IDisposable
{
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "contactbox-operation-restart", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_background_import_interrupted_by_a_crash_is_failed_after_the_restart_and_wrote_nothing()
    {
        var port = ApiProcess.FreePort();
        var first = ApiProcess.Start(_dataPath, port);
        long before;
        string operationId;
        try
        {
            var http = await first.ClientAsync();
            before = await CountAsync(new GraphQLClient(http));
            var walBefore = CrashProbe.WalBytes(_dataPath);
            var response = await Multipart.SendAsync(http,
                "mutation ($input: ImportContactsInput!) { importContacts(input: $input) { operation { id status } errors { __typename } } }",
                new { input = new { file = (object?)null, background = true } }, [("variables.input.file", "gross.csv", CrashProbe.ContactsCsv("Restart", 200_000))]);
            var operation = response.Data.GetProperty("importContacts").GetProperty("operation");
            operationId = operation.GetProperty("id").GetString()!;
            Assert.Equal("QUEUED", operation.GetProperty("status").GetString());

            // The job is writing its batches (the write-ahead log grows) and far from done. It copies the file twice
            // first (into the shared folder, and from there to its own staging file): a loaded machine needs time.
            Assert.True(await CrashProbe.EventuallyAsync(() => CrashProbe.WalBytes(_dataPath) > walBefore + 2_000_000, TimeSpan.FromMinutes(4)), "The import job never started writing.");
            Assert.Equal("RUNNING", await StatusAsync(new GraphQLClient(http), operationId));
            first.Kill();
        }
        finally
        {
            first.Kill();
        }

        var second = ApiProcess.Start(_dataPath, port);
        try
        {
            var graphQL = new GraphQLClient(await second.ClientAsync());
            var operation = (await graphQL.QueryAsync("query ($id: ID!) { operation(id: $id) { status error finishedAt result { __typename } } }", new { id = operationId }))
                .GetProperty("operation");
            Assert.Equal(("FAILED", "The server restarted before the operation finished; nothing of it was kept. Start it again.", "null"),
                (operation.GetProperty("status").GetString(), operation.GetProperty("error").GetString(), operation.GetProperty("result").GetRawText()));
            Assert.Equal(before, await CountAsync(graphQL));
        }
        finally
        {
            second.Kill();
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataPath))
        {
            Directory.Delete(_dataPath, recursive: true);
        }
    }

    private static async Task<string> StatusAsync(GraphQLClient graphQL, string id) =>
        (await graphQL.QueryAsync("query ($id: ID!) { operation(id: $id) { status } }", new { id })).GetProperty("operation").GetProperty("status").GetString()!;

    private static async Task<long> CountAsync(GraphQLClient graphQL) =>
        (await graphQL.QueryAsync("{ contacts(first: 1) { totalCount } }")).GetProperty("contacts").GetProperty("totalCount").GetInt64();
}
