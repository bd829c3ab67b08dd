using System.Net;
using System.Text.Json;
using ContactBox.Api.Tests.Support;

namespace ContactBox.Api.Tests.Attachments;

/// <summary>
/// Two API processes on one data folder (the same database and the same attachment folder, as instances on a
/// shared volume): parallel uploads through both never exceed the quota together, and either instance serves
/// what the other stored, signed URLs included.
/// </summary>
public sealed class AttachmentSharedStoreTests : IDisposable
{
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "contactbox-shared", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Two_instances_on_one_store_share_the_quota_and_serve_each_others_files()
    {
        var one = ApiProcess.Start(_dataPath, ApiProcess.FreePort());
        ApiProcess? two = null;
        try
        {
            var first = await one.ClientAsync();
            two = ApiProcess.Start(_dataPath, ApiProcess.FreePort());
            var second = await two.ClientAsync();
            var graphQL = new GraphQLClient(first);
            var contactId = (await new TestData(graphQL).PersonAsync("Geteilt", "Speicher")).GetProperty("id").GetString()!;
            await graphQL.MutateAsync("mutation { setStorageLimit(input: {limitBytes: 109999}) { storage { limitBytes } errors { __typename } } }", "setStorageLimit", "storage");

            var uploads = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => UploadAsync(i % 2 == 0 ? first : second, contactId, SampleFiles.Pdf(20_000, 200 + i))));
            var stored = uploads.Where(u => u.GetProperty("errors").ValueKind == JsonValueKind.Null).Select(u => u.GetProperty("attachment")).ToList();
            var refused = uploads.Count(u => u.GetProperty("errors").ValueKind != JsonValueKind.Null && u.GetProperty("errors")[0].GetProperty("__typename").GetString() == "QuotaExceededError");
            var storage = await new GraphQLClient(second).QueryAsync("{ storage { usedBytes attachmentCount } }");
            var id = stored[0].GetProperty("id").GetString();
            var url = (await graphQL.QueryAsync("query ($id: ID!) { node(id: $id) { ... on Attachment { download { url } } } }", new { id })).GetProperty("node").GetProperty("download").GetProperty("url").GetString();
            using var anonymous = new HttpClient { BaseAddress = two.BaseAddress };
            using var fromTwo = await anonymous.GetAsync(url);

            Assert.Equal((5, 5), (stored.Count, refused));
            Assert.Equal("""{"storage":{"usedBytes":100000,"attachmentCount":5}}""", storage.GetRawText());
            Assert.Equal(5, Directory.GetFiles(Path.Combine(_dataPath, "attachments", "blobs"), "*", SearchOption.AllDirectories).Length);
            Assert.Equal(HttpStatusCode.OK, fromTwo.StatusCode);
            Assert.Equal(stored[0].GetProperty("sha256").GetString(), SampleFiles.Sha256(await fromTwo.Content.ReadAsByteArrayAsync()));
        }
        finally
        {
            one.Kill();
            two?.Kill();
        }
    }

    private static async Task<JsonElement> UploadAsync(HttpClient http, string ownerId, byte[] content)
    {
        var response = await Multipart.SendAsync(http, AttachmentWorkspace.Upload, new { input = new { ownerId, file = (object?)null } }, [("variables.input.file", "shared.pdf", content)]);
        Assert.True(response.Errors is null, response.Body.GetRawText());
        return response.Data.GetProperty("uploadAttachment");
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataPath))
        {
            Directory.Delete(_dataPath, recursive: true);
        }
    }
}
