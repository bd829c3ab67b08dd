using System.Text.Json;
using ContactBox.Api.Tests.Privacy;
using ContactBox.Api.Tests.Support;
using ContactBox.Domain.Contacts;
using ContactBox.Domain.Export;
using ContactBox.Infrastructure.Export;
using ContactBox.Infrastructure.Persistence;
using ContactBox.Infrastructure.Privacy;
using Microsoft.Extensions.DependencyInjection;

namespace ContactBox.Api.Tests.Export;

/// <summary>Contacts with known data, the export mutation, and the file behind a download URL.</summary>
internal static class ExportTestKit
{
    public const string Export = """
        mutation ($input: ExportContactsInput!) {
          exportContacts(input: $input) {
            result {
              export { id contactCount excludedCount preset fields sha256 sizeBytes note actorKind actorId purpose { name } }
              download { url expiresAt }
              exclusions { reason count }
              excludedContactIds
            }
            errors { __typename ... on Error { message } ... on PurposeRequiredError { field } ... on PurposeNotAllowedError { purposeId } ... on ValidationError { field } ... on NotFoundError { field } }
          }
        }
        """;

    public static async Task<string> ContactAsync(GraphQLClient graphQL, object input) =>
        (await graphQL.MutateAsync(
            "mutation ($input: CreateContactInput!) { createContact(input: $input) { contact { id } errors { __typename ... on Error { message } } } }",
            "createContact", "contact", new { input })).GetProperty("id").GetString()!;

    /// <summary>
    /// Dr. Erika Müller (umlauts, a phone starting with +), Hans "Hansi" Weiß; Sohn (quote and semicolon) and Xaver
    /// Formel, whose job title and department look like formulas. Their display names sort alike in every collation.
    /// </summary>
    public static async Task<(string Erika, string Hans, string Xaver)> SampleContactsAsync(GraphQLClient graphQL)
    {
        var erika = await ContactAsync(graphQL, new
        {
            kind = "PERSON",
            salutation = "MS",
            title = "Dr.",
            firstName = "Erika",
            lastName = "Müller",
            birthday = "1980-02-29",
            emails = new[] { new { address = "erika.mueller@example.de", label = "work", isPrimary = true } },
            phones = new[] { new { number = "+49 89 1234567", label = "work", isPrimary = true } },
            addresses = new[] { new { label = "work", street = "Königstraße 5", postalCode = "80331", city = "München", region = "Bayern", country = "DE" } },
            tags = new[] { "Newsletter", "VIP" },
        });
        var hans = await ContactAsync(graphQL, new
        {
            kind = "PERSON",
            salutation = "MR",
            firstName = "Hans \"Hansi\"",
            lastName = "Weiß; Sohn",
            emails = new[] { new { address = "hans@weiss.example", label = (string?)null, isPrimary = true } },
            addresses = new[] { new { label = (string?)null, street = "Am Markt 1", postalCode = "01067", city = "Dresden", region = (string?)null, country = "DE" } },
        });
        var xaver = await ContactAsync(graphQL, new
        {
            kind = "PERSON",
            firstName = "Xaver",
            lastName = "Formel",
            jobTitle = "=HYPERLINK(\"http://evil.example\";\"Klick\")",
            department = "@SUMME(A1:A9)",
            emails = new[] { new { address = "xaver@formel.example", label = (string?)null, isPrimary = true } },
            tags = new[] { "-1+1" },
        });
        return (erika, hans, xaver);
    }

    public static async Task<JsonElement> ExportAsync(GraphQLClient graphQL, object input) =>
        (await graphQL.QueryAsync(Export, new { input })).GetProperty("exportContacts");

    public static async Task<byte[]> DownloadAsync(HttpClient http, JsonElement result)
    {
        using var response = await http.GetAsync(new Uri(result.GetProperty("result").GetProperty("download").GetProperty("url").GetString()!, UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    public static Task<PrivacyTestKit.TestWorkspace> WorkspaceAsync(ApiHost api) => PrivacyTestKit.NewWorkspaceAsync(api);

    /// <summary><paramref name="count"/> people named "Person {i}" (the number padded to <paramref name="digits"/>), written directly; their IDs in that order.</summary>
    public static Task<List<Guid>> PeopleAsync(ApiHost api, Guid workspaceId, int count, int digits) =>
        PrivacyTestKit.InWorkspaceAsync(api, workspaceId, async db =>
        {
            var people = Enumerable.Range(0, count)
                .Select(i => new Contact(ContactKind.Person, new ContactDetails { LastName = "Person " + i.ToString("D" + digits, System.Globalization.CultureInfo.InvariantCulture) }, DateTimeOffset.UtcNow))
                .ToList();
            db.AddRange(people);
            await db.SaveChangesAsync();
            return people.Select(p => p.Id).ToList();
        });

    /// <summary>A GENERIC_CSV export of the last names of the selection, through the API's exporter as the system; its record's ID.</summary>
    public static Task<Guid> ExportIdAsync(ApiHost api, Guid workspaceId, Guid purposeId, Func<ContactBoxDbContext, IQueryable<Contact>> selection) =>
        PrivacyTestKit.InWorkspaceAsync(api, workspaceId, async db => (await api.Services.GetRequiredService<ContactExporter>().ExportAsync(db,
            new ExportRequest(selection(db), purposeId, null, ExportPreset.GenericCsv, [ExportField.LastName], false), AuditActor.System, null, CancellationToken.None)).Export.Id);
}
