using System.Text;
using System.Text.Json;
using ContactBox.Api.Tests.Attachments;
using ContactBox.Api.Tests.Support;
using ContactBox.Domain.Auth;

namespace ContactBox.Api.Tests.Import;

/// <summary>A workspace of its own (so that counts are exact) with a client holding every scope, importing through real multipart requests.</summary>
public sealed record ImportWorkspace(Guid Id, HttpClient Http, GraphQLClient GraphQL)
{
    public static async Task<ImportWorkspace> CreateAsync(ApiHost api)
    {
        var id = await api.CreateWorkspaceAsync("Import " + Guid.NewGuid().ToString("N")[..8]);
        var http = api.WithToken(await api.TokenAsync(await api.CreateClientAsync(id, AuthScopes.All)));
        return new ImportWorkspace(id, http, new GraphQLClient(http));
    }

    public const string Import = """
        mutation ($input: ImportContactsInput!) {
          importContacts(input: $input) {
            result { dryRun committed rows created updated skipped rejected separator encoding hasHeader headers
                     mapping { column field } problems { line column reason } errorReportCsv sha256 }
            errors { __typename ... on Error { message } ... on ValidationError { field } }
          }
        }
        """;

    public const string ImportTimeline = """
        mutation ($input: ImportTimelineInput!) {
          importTimeline(input: $input) {
            result { dryRun committed rows created updated skipped rejected mapping { column field } problems { line column reason } }
            errors { __typename ... on Error { message } ... on ValidationError { field } }
          }
        }
        """;

    /// <summary>importContacts with <paramref name="csv"/> as the file; returns the payload (result and errors).</summary>
    public Task<JsonElement> ImportAsync(string csv, object? options = null, Encoding? encoding = null) =>
        ImportBytesAsync((encoding ?? new UTF8Encoding(false)).GetBytes(csv), options);

    public Task<JsonElement> ImportBytesAsync(byte[] content, object? options = null) => SendAsync(Import, "importContacts", content, options);

    /// <summary>importTimeline with <paramref name="csv"/> (UTF-8) as the file.</summary>
    public Task<JsonElement> ImportTimelineAsync(string csv, object? options = null) => SendAsync(ImportTimeline, "importTimeline", Encoding.UTF8.GetBytes(csv), options);

    private async Task<JsonElement> SendAsync(string mutation, string field, byte[] content, object? options)
    {
        var input = options is null ? [] : JsonSerializer.Deserialize<Dictionary<string, object?>>(JsonSerializer.Serialize(options))!;
        input["file"] = null;
        var response = await Multipart.SendAsync(Http, mutation, new Dictionary<string, object?> { ["input"] = input }, [("variables.input.file", "kontakte.csv", content)]);
        Assert.True(response.Errors is null, $"Unexpected errors: {response.Body}");
        return response.Data.GetProperty(field);
    }

    /// <summary>The workspace's contacts as "displayName &lt;email&gt; [tags]" lines, ordered by name.</summary>
    public async Task<string[]> ContactsAsync()
    {
        var data = await GraphQL.QueryAsync("{ contacts(first: 100, order: [{displayName: ASC}]) { nodes { displayName primaryEmail { address } tags { name } } } }");
        return data.GetProperty("contacts").GetProperty("nodes").EnumerateArray()
            .Select(n => $"{n.GetProperty("displayName").GetString()} <{(n.GetProperty("primaryEmail").ValueKind == JsonValueKind.Null ? "" : n.GetProperty("primaryEmail").GetProperty("address").GetString())}>"
                         + (n.GetProperty("tags").GetArrayLength() == 0 ? "" : " [" + string.Join(",", n.GetProperty("tags").EnumerateArray().Select(t => t.GetProperty("name").GetString())) + "]"))
            .ToArray();
    }
}

internal static class ImportResultExtensions
{
    /// <summary>rows, created, updated, skipped, rejected, committed.</summary>
    public static (long Rows, long Created, long Updated, long Skipped, long Rejected, bool Committed) Counts(this JsonElement payload)
    {
        var r = payload.GetProperty("result");
        return (r.GetProperty("rows").GetInt64(), r.GetProperty("created").GetInt64(), r.GetProperty("updated").GetInt64(),
            r.GetProperty("skipped").GetInt64(), r.GetProperty("rejected").GetInt64(), r.GetProperty("committed").GetBoolean());
    }

    public static string Problems(this JsonElement payload) => payload.GetProperty("result").GetProperty("problems").GetRawText();

    /// <summary>The typed error as "TypeName field: message".</summary>
    public static string Error(this JsonElement payload)
    {
        Assert.Equal(JsonValueKind.Null, payload.GetProperty("result").ValueKind);
        var e = payload.GetProperty("errors")[0];
        return $"{e.GetProperty("__typename").GetString()} {e.GetProperty("field").GetString()}: {e.GetProperty("message").GetString()}";
    }
}
