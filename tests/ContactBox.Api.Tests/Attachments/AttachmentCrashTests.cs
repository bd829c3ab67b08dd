using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ContactBox.Api.Tests.Support;

namespace ContactBox.Api.Tests.Attachments;

/// <summary>
/// The API as a real process (the built ContactBox.Api.dll) on a SQLite database, killed with SIGKILL in the middle of
/// an upload and started again: the staging file the dead upload left is swept at startup, no row appears. Then
/// the <c>attachments sweep</c> verb removes what a crash between storing a blob and committing its row leaves.
/// </summary>
public sealed class AttachmentCrashTests : IDisposable
{
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "contactbox-crash", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Killing_the_server_during_an_upload_leaves_no_row_and_no_file_after_the_restart()
    {
        var port = ApiProcess.FreePort();
        var first = ApiProcess.Start(_dataPath, port);
        HttpClient http;
        string contactId;
        try
        {
            http = await first.ClientAsync();
            contactId = (await new TestData(new GraphQLClient(http)).PersonAsync("Absturz", "Test")).GetProperty("id").GetString()!;
            var staging = Path.Combine(_dataPath, "attachments", "staging");
            using var killed = new CancellationTokenSource();
            var upload = SendNeverEndingUploadAsync(http, contactId, killed.Token);
            Assert.True(await EventuallyAsync(() => Directory.Exists(staging) && Directory.GetFiles(staging).Length == 1), "The upload never reached the store.");

            first.Kill();
            await killed.CancelAsync();
            await Assert.ThrowsAnyAsync<Exception>(() => upload);
            Assert.Single(Directory.GetFiles(staging));
        }
        finally
        {
            first.Kill();
        }

        // The staging file is older than the grace period by the time the new process sweeps at startup.
        await Task.Delay(1500);
        var second = ApiProcess.Start(_dataPath, port, ("ContactBox__Attachments__StagingGrace", "00:00:01"));
        try
        {
            var graphQL = new GraphQLClient(await second.ClientAsync());
            var storage = await graphQL.QueryAsync("query ($id: ID!) { storage { usedBytes attachmentCount } node(id: $id) { ... on Contact { attachments { totalCount } } } }", new { id = contactId });

            Assert.Equal("""{"storage":{"usedBytes":0,"attachmentCount":0},"node":{"attachments":{"totalCount":0}}}""", storage.GetRawText());
            Assert.Empty(Directory.GetFiles(Path.Combine(_dataPath, "attachments", "staging")));
            Assert.False(Directory.Exists(Path.Combine(_dataPath, "attachments", "blobs")) && Directory.GetFiles(Path.Combine(_dataPath, "attachments", "blobs"), "*", SearchOption.AllDirectories).Length > 0);
        }
        finally
        {
            second.Kill();
        }

        // What a crash after the blob was put in place but before its row was committed leaves: a blob no row names.
        var orphan = Path.Combine(_dataPath, "attachments", "blobs", Guid.NewGuid().ToString("N"), "bb", new string('b', 64));
        Directory.CreateDirectory(Path.GetDirectoryName(orphan)!);
        await File.WriteAllTextAsync(orphan, "orphan");
        var sweep = await ApiProcess.RunAsync(_dataPath, "attachments", "sweep");

        Assert.Equal((0, "Removed 0 stale staging files and 1 orphan blobs."), (sweep.ExitCode, sweep.Output.Trim().Split('\n')[^1]));
        Assert.False(File.Exists(orphan));
    }

    private static async Task SendNeverEndingUploadAsync(HttpClient http, string contactId, CancellationToken killed)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new EndlessUpload(contactId, killed) };
        request.Headers.Add("GraphQL-Preflight", "1");
        using var response = await http.SendAsync(request, killed);
    }

    private static async Task<bool> EventuallyAsync(Func<bool> condition)
    {
        for (var i = 0; i < 300 && !condition(); i++)
        {
            await Task.Delay(100);
        }

        return condition();
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataPath))
        {
            Directory.Delete(_dataPath, recursive: true);
        }
    }

    /// <summary>A PDF that keeps coming until the server dies.</summary>
    private sealed class EndlessUpload : HttpContent
    {
        private const string Boundary = "crashboundary";
        private readonly string _contactId;
        private readonly CancellationToken _killed;

        public EndlessUpload(string contactId, CancellationToken killed)
        {
            (_contactId, _killed) = (contactId, killed);
            Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={Boundary}");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var operations = JsonSerializer.Serialize(new { query = AttachmentWorkspace.Upload, variables = new { input = new { ownerId = _contactId, file = (object?)null } } });
            var head = $"--{Boundary}\r\nContent-Disposition: form-data; name=\"operations\"\r\n\r\n{operations}\r\n--{Boundary}\r\nContent-Disposition: form-data; name=\"map\"\r\n\r\n{{\"0\":[\"variables.input.file\"]}}\r\n"
                       + $"--{Boundary}\r\nContent-Disposition: form-data; name=\"0\"; filename=\"endless.pdf\"\r\n\r\n";
            await stream.WriteAsync(Encoding.UTF8.GetBytes(head), _killed);
            var chunk = SampleFiles.Pdf(16 * 1024, 5);
            while (true)
            {
                await stream.WriteAsync(chunk, _killed);
                await stream.FlushAsync(_killed);
                await Task.Delay(50, _killed);
                chunk[0] = (byte)'x';
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
