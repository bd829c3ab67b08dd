using System.Text.Json;
using ContactBox.Api.Tests.Support;

namespace ContactBox.Api.Tests.CustomFields;

/// <summary>Creates custom fields and contacts with values through the public API.</summary>
internal static class CustomFieldKit
{
    public const string ValuesSelection = "customFields { field { key } text number date boolean options { key } }";

    public static async Task<string> FieldAsync(GraphQLClient graphQL, string key, string label, string type, bool required = false, params (string Key, string Label)[] options) =>
        (await graphQL.MutateAsync(
            "mutation ($input: CreateCustomFieldInput!) { createCustomField(input: $input) { field { id } errors { __typename ... on Error { message } } } }",
            "createCustomField", "field",
            new { input = new { key, label, type, required, options = options.Select(o => new { key = o.Key, label = o.Label }).ToArray() } })).GetProperty("id").GetString()!;

    /// <summary>A person with the given custom field values; returns the contact's id.</summary>
    public static async Task<string> PersonAsync(GraphQLClient graphQL, string lastName, string marker, params object[] customFields) =>
        (await graphQL.MutateAsync(
            "mutation ($input: CreateContactInput!) { createContact(input: $input) { contact { id } errors { __typename ... on Error { message } ... on ValidationError { field } } } }",
            "createContact", "contact",
            new { input = new { kind = "PERSON", lastName, tags = new[] { marker }, customFields } })).GetProperty("id").GetString()!;

    public static async Task<JsonElement> CreateAsync(GraphQLClient graphQL, string lastName, params object[] customFields) =>
        await graphQL.QueryAsync(
            $"mutation ($input: CreateContactInput!) {{ createContact(input: $input) {{ contact {{ lastName {ValuesSelection} }} errors {{ __typename ... on ValidationError {{ field message }} }} }} }}",
            new { input = new { kind = "PERSON", lastName, customFields } });

    public static async Task<JsonElement> UpdateAsync(GraphQLClient graphQL, string id, params object[] customFields)
    {
        var version = (await graphQL.QueryAsync("query ($id: ID!) { contact(id: $id) { version } }", new { id })).GetProperty("contact").GetProperty("version").GetInt32();
        return await graphQL.QueryAsync(
            $"mutation ($input: UpdateContactInput!) {{ updateContact(input: $input) {{ contact {{ {ValuesSelection} }} errors {{ __typename ... on ValidationError {{ field message }} }} }} }}",
            new { input = new { id, version, customFields } });
    }
}
