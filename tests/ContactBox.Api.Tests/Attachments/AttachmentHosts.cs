using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ContactBox.Api.Tests.Support;
using ContactBox.Api.Workspaces;
using ContactBox.Domain.Auth;
using ContactBox.Infrastructure.Attachments;
using ContactBox.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ContactBox.Api.Tests.Attachments;

/// <summary>Small limits, so that each limit is reached with small files.</summary>
internal static class AttachmentSettings
{
    public const long MaxFileBytes = 256 * 1024;

    public static IReadOnlyDictionary<string, string> Values { get; } = new Dictionary<string, string>
    {
        ["ContactBox:Attachments:MaxFileBytes"] = MaxFileBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["ContactBox:Attachments:MaxFilesPerRequest"] = "4",
    };
}

public sealed class SqliteAttachmentApi : SqliteApi
{
    protected override IReadOnlyDictionary<string, string> Settings => AttachmentSettings.Values;
}

public sealed class PostgresAttachmentApi : PostgresApi
{
    protected override IReadOnlyDictionary<string, string> Settings => AttachmentSettings.Values;
}

/// <summary>A workspace of its own (so that storage figures are exact) with a client holding every scope.</summary>
public sealed record AttachmentWorkspace(Guid Id, HttpClient Http, GraphQLClient GraphQL)
{
    public static async Task<AttachmentWorkspace> CreateAsync(ApiHost api)
    {
        var id = await api.CreateWorkspaceAsync("Attachments " + Guid.NewGuid().ToString("N")[..8]);
        var token = await api.TokenAsync(await api.CreateClientAsync(id, AuthScopes.All));
        var http = api.WithToken(token);
        return new AttachmentWorkspace(id, http, new GraphQLClient(http));
    }

    public Task<string> ContactIdAsync() => new TestData(GraphQL).PersonIdAsync("Anna", "Anhang");

    public const string Upload = """
        mutation ($input: UploadAttachmentInput!) {
          uploadAttachment(input: $input) {
            attachment { id fileName contentType sizeBytes sha256 description ownerId contentPath }
            errors { __typename ... on Error { message } ... on FileTooLargeError { maxBytes } ... on QuotaExceededError { limitBytes usedBytes }
                     ... on UnsupportedContentTypeError { detectedContentType } ... on ValidationError { field } ... on NotFoundError { field } }
          }
        }
        """;

    /// <summary>uploadAttachment through a real multipart request; returns the payload.</summary>
    public async Task<JsonElement> UploadAsync(string ownerId, string fileName, byte[] content, string? description = null)
    {
        var response = await Multipart.SendAsync(Http, Upload, new Dictionary<string, object?> { ["input"] = new Dictionary<string, object?> { ["ownerId"] = ownerId, ["file"] = null, ["description"] = description } },
            [("variables.input.file", fileName, content)]);
        Assert.True(response.Errors is null, $"Unexpected errors: {response.Body}");
        return response.Data.GetProperty("uploadAttachment");
    }

    public async Task<JsonElement> StorageAsync() => (await GraphQL.QueryAsync("{ storage { usedBytes limitBytes attachmentCount } }")).GetProperty("storage");

    /// <summary>Sets the workspace's quota in the database, as setStorageLimit does.</summary>
    public async Task SetQuotaAsync(ApiHost api, long bytes)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactBoxDbContext>();
        var workspace = await db.Workspaces.SingleAsync(w => w.Id == Id);
        workspace.SetStorageLimit(bytes);
        await db.SaveChangesAsync();
    }

    /// <summary>The blob files of this workspace and every staging file of the store.</summary>
    public (string[] Blobs, string[] Staging) Files(ApiHost api)
    {
        var root = StoreRoot(api);
        var blobs = Path.Combine(root, "blobs", Id.ToString("N"));
        var staging = Path.Combine(root, "staging");
        return (Directory.Exists(blobs) ? Directory.GetFiles(blobs, "*", SearchOption.AllDirectories).Select(f => Path.GetFileName(f)).ToArray() : [],
            Directory.Exists(staging) ? Directory.GetFiles(staging) : []);
    }

    public static string StoreRoot(ApiHost api) =>
        Path.GetFullPath(api.Services.GetRequiredService<IOptions<AttachmentOptions>>().Value.Path, api.Services.GetRequiredService<ContactBoxPaths>().DataPath);
}

/// <summary>Builds requests by the GraphQL multipart request specification, as apollo-upload-client or curl -F do.</summary>
public static class Multipart
{
    public static MultipartFormDataContent Build(string query, object variables, IReadOnlyList<(string Path, string FileName, byte[] Content)> files, bool reverseFiles = false)
    {
        var form = new MultipartFormDataContent();
        form.Add(new StringContent(JsonSerializer.Serialize(new { query, variables }), Encoding.UTF8, "application/json"), "operations");
        var map = files.Select((f, i) => (Key: i.ToString(System.Globalization.CultureInfo.InvariantCulture), f)).ToList();
        form.Add(new StringContent(JsonSerializer.Serialize(map.ToDictionary(m => m.Key, m => new[] { m.f.Path })), Encoding.UTF8, "application/json"), "map");
        foreach (var (key, file) in reverseFiles ? Enumerable.Reverse(map) : map)
        {
            var part = new ByteArrayContent(file.Content);
            // What a browser would claim; the server detects the type itself.
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            // Plain names as a browser sends them; anything else percent-encoded in filename* (RFC 7578, 5987).
            var plain = file.FileName.All(c => c is >= ' ' and <= '~' and not '"' and not '\\');
            part.Headers.TryAddWithoutValidation("Content-Disposition",
                plain ? $"form-data; name=\"{key}\"; filename=\"{file.FileName}\"" : $"form-data; name=\"{key}\"; filename*=UTF-8''{Uri.EscapeDataString(file.FileName)}");
            form.Add(part);
        }

        return form;
    }

    public static async Task<GraphQLResponse> SendAsync(HttpClient http, string query, object variables, IReadOnlyList<(string Path, string FileName, byte[] Content)> files, bool preflight = true, bool reverseFiles = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = Build(query, variables, files, reverseFiles) };
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(GraphQLClient.GraphQLResponseJson));
        // As curl does for large bodies: a request refused from its headers (too large) is not sent at all.
        request.Headers.ExpectContinue = true;
        if (preflight)
        {
            request.Headers.Add("GraphQL-Preflight", "1");
        }

        return await GraphQLResponse.ReadAsync(await http.SendAsync(request));
    }
}

/// <summary>Files whose type the server detects from their bytes.</summary>
public static class SampleFiles
{
    public static byte[] Pdf(int size, int seed = 0)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        "%PDF-1.7\n"u8.CopyTo(bytes);
        return bytes;
    }

    public static byte[] Png(int size, int seed = 0)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        "\x89PNG\r\n\x1A\n"u8.CopyTo(bytes);
        return bytes;
    }

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));
}
