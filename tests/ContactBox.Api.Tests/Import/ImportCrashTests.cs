using ContactBox.Api.Tests.Attachments;
using ContactBox.Api.Tests.Support;

namespace ContactBox.Api.Tests.Import;

/// <summary>
/// The API as a real process on SQLite, killed with SIGKILL while an all-or-nothing import is writing its batches,
/// then started again: the database holds exactly the contacts it held before the import.
/// </summary>
public sealed class ImportCrashTests : IDisposable
{
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "contactbox-import-crash", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Killing_the_server_during_an_all_or_nothing_import_leaves_the_database_unchanged_after_the_restart()
    {
        var port = ApiProcess.FreePort();
        var first = ApiProcess.Start(_dataPath, port);
        long before;
        try
        {
            var http = await first.ClientAsync();
            before = await CountAsync(new GraphQLClient(http));
            var walBefore = CrashProbe.WalBytes(_dataPath);
            using var killed = new CancellationTokenSource();
            var import = Multipart.SendAsync(http, ImportWorkspace.Import, new { input = new { file = (object?)null, background = false } }, [("variables.input.file", "gross.csv", CrashProbe.ContactsCsv("Crash", 200_000))]);

            // Batches are being written (the write-ahead log grows) but the import is far from done.
            // Generous on a loaded machine: the upload is staged and kept in the operations folder before the first batch.
            Assert.True(await CrashProbe.EventuallyAsync(() => CrashProbe.WalBytes(_dataPath) > walBefore + 2_000_000, TimeSpan.FromMinutes(4)), "The import never started writing.");
            Assert.False(import.IsCompleted, "The import finished before it could be interrupted.");
            first.Kill();
            await Assert.ThrowsAnyAsync<Exception>(() => import);
        }
        finally
        {
            first.Kill();
        }

        var second = ApiProcess.Start(_dataPath, port);
        try
        {
            Assert.Equal(before, await CountAsync(new GraphQLClient(await second.ClientAsync())));
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

    private static async Task<long> CountAsync(GraphQLClient graphQL) =>
        (await graphQL.QueryAsync("{ contacts(first: 1) { totalCount } }")).GetProperty("contacts").GetProperty("totalCount").GetInt64();
}
