using System.Text.Json;

namespace ContactBox.Api.Tests.Support;

/// <summary>Creates data through the public API, each test with its own marker tag so no test sees another's rows.</summary>
public sealed class TestData(GraphQLClient graphQL)
{
    public string Marker { get; } = "t" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The demo workspace's first member. Tests act as a client, which is no member, so owners are given explicitly.</summary>
    public async Task<string> DemoAdminIdAsync() =>
        (await graphQL.QueryAsync("""{ members(where: {email: {eq: "admin@contactbox.example"}}) { nodes { id } } }"""))
        .GetProperty("members").GetProperty("nodes")[0].GetProperty("id").GetString()!;

    public async Task<JsonElement> PersonAsync(string firstName, string lastName, params string[] tags)
    {
        var contact = await graphQL.MutateAsync(
            """
            mutation ($input: CreateContactInput!) {
              createContact(input: $input) { contact { id version displayName } errors { __typename } }
            }
            """,
            "createContact", "contact",
            new { input = new { kind = "PERSON", firstName, lastName, tags = tags.Append(Marker).ToArray() } });
        return contact;
    }

    public async Task<string> PersonIdAsync(string firstName, string lastName, params string[] tags) =>
        (await PersonAsync(firstName, lastName, tags)).GetProperty("id").GetString()!;

    public async Task<string> TimelineEntryAsync(string contactId, string subject, string occurredAt, string kind = "NOTE") =>
        (await graphQL.MutateAsync(
            """
            mutation ($input: AddTimelineEntryInput!) {
              addTimelineEntry(input: $input) { timelineEntry { id } errors { __typename } }
            }
            """,
            "addTimelineEntry", "timelineEntry",
            new { input = new { contactId, kind, subject, occurredAt } })).GetProperty("id").GetString()!;

    /// <summary>A where filter that restricts a contacts query to this test's rows.</summary>
    public object Mine => new { tags = new { some = new { name = new { eq = Marker } } } };
}

public static class JsonElementExtensions
{
    public static IReadOnlyList<string?> Strings(this JsonElement array, string property) =>
        array.EnumerateArray().Select(e => e.GetProperty(property).GetString()).ToList();
}
