using System.Text.Json;
using ContactBox.Api.Tests.Support;
using ContactBox.Domain.Auth;
using ContactBox.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace ContactBox.Api.Tests.Privacy;

/// <summary>A fresh workspace per test, so audit chains and catalogs start empty; and direct database access.</summary>
internal static class PrivacyTestKit
{
    public sealed record TestWorkspace(Guid Id, GraphQLClient GraphQL, HttpClient Http, string ClientId);

    public static async Task<TestWorkspace> NewWorkspaceAsync(ApiHost api, params string[] scopes)
    {
        var workspaceId = await api.CreateWorkspaceAsync("Privacy " + Guid.NewGuid().ToString("N")[..8]);
        var client = await api.CreateClientAsync(workspaceId, scopes.Length == 0 ? AuthScopes.All : scopes);
        var http = api.WithToken(await api.TokenAsync(client));
        return new TestWorkspace(workspaceId, new GraphQLClient(http), http, client.ClientId);
    }

    /// <summary>Runs <paramref name="work"/> on the database as the data layer sees the workspace.</summary>
    public static async Task<T> InWorkspaceAsync<T>(ApiHost api, Guid workspaceId, Func<ContactBoxDbContext, Task<T>> work)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactBoxDbContext>();
        db.Workspace.Set(workspaceId, null);
        return await work(db);
    }

    public static async Task<string> PurposeAsync(GraphQLClient graphQL, string name, string legalBasis = "CONSENT", int? retentionDays = 30, params string[] dataCategories) =>
        (await graphQL.MutateAsync(
            """
            mutation ($input: CreateProcessingPurposeInput!) {
              createProcessingPurpose(input: $input) { purpose { id } errors { __typename ... on Error { message } } }
            }
            """,
            "createProcessingPurpose", "purpose",
            new { input = new { name, legalBasis, retentionDays, dataCategories } })).GetProperty("id").GetString()!;

    public static async Task<string> SourceTypeAsync(GraphQLClient graphQL, string name) =>
        (await graphQL.MutateAsync(
            "mutation ($name: String!) { createContactSourceType(input: {name: $name}) { sourceType { id } errors { __typename } } }",
            "createContactSourceType", "sourceType", new { name })).GetProperty("id").GetString()!;

    public static async Task<JsonElement> AssignAsync(GraphQLClient graphQL, object input) =>
        await graphQL.MutateAsync(
            """
            mutation ($input: AssignPurposeInput!) {
              assignPurpose(input: $input) { purposeAssignment { id legalBasis consentGivenAt consentEvidence validUntil withdrawnAt purpose { name } } errors { __typename ... on Error { message } } }
            }
            """,
            "assignPurpose", "purposeAssignment", new { input });

    public static async Task<JsonElement> VerifyAsync(GraphQLClient graphQL) =>
        (await graphQL.QueryAsync("{ verifyAuditLog { ok count firstBroken { sequence reason } } }")).GetProperty("verifyAuditLog");

    public static async Task<IReadOnlyList<string>> ActionsAsync(GraphQLClient graphQL) =>
        (await graphQL.QueryAsync("{ auditLog(order: [{sequence: ASC}], first: 100) { nodes { action } } }"))
            .GetProperty("auditLog").GetProperty("nodes").Strings("action").Select(a => a!).ToList();
}
