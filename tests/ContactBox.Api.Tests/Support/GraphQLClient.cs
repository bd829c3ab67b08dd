using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace ContactBox.Api.Tests.Support;

/// <summary>A plain HTTP client speaking GraphQL over HTTP, as any frontend would.</summary>
public sealed class GraphQLClient(HttpClient http)
{
    public const string GraphQLResponseJson = "application/graphql-response+json";

    public async Task<GraphQLResponse> SendAsync(string query, object? variables = null, string? operationName = null, string accept = GraphQLResponseJson)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = JsonContent.Create(new { query, variables, operationName }),
        };
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(accept));
        return await GraphQLResponse.ReadAsync(await http.SendAsync(request));
    }

    /// <summary>Sends a query and returns <c>data</c>, failing the test when the response has errors.</summary>
    public async Task<JsonElement> QueryAsync(string query, object? variables = null)
    {
        var response = await SendAsync(query, variables);
        Assert.True(response.Errors is null, $"Unexpected errors: {response.Body}");
        Assert.Equal(HttpStatusCode.OK, response.Status);
        return response.Data;
    }

    /// <summary>Runs a mutation and returns its payload's result field, failing when the payload has errors.</summary>
    public async Task<JsonElement> MutateAsync(string mutation, string field, string resultField, object? variables = null)
    {
        var data = await QueryAsync(mutation, variables);
        var payload = data.GetProperty(field);
        Assert.True(payload.GetProperty("errors").ValueKind == JsonValueKind.Null, $"Unexpected payload errors: {payload}");
        return payload.GetProperty(resultField);
    }
}

public sealed record GraphQLResponse(HttpStatusCode Status, string? ContentType, JsonElement Body)
{
    public JsonElement Data => Body.GetProperty("data");

    public JsonElement? Errors => Body.TryGetProperty("errors", out var errors) ? errors : null;

    public string FirstErrorCode => Errors!.Value[0].GetProperty("extensions").GetProperty("code").GetString()!;

    public string FirstErrorMessage => Errors!.Value[0].GetProperty("message").GetString()!;

    public static async Task<GraphQLResponse> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return new GraphQLResponse(response.StatusCode, response.Content.Headers.ContentType?.ToString(), body);
    }
}
