using System.Data.Common;
using System.Text;
using ContactBox.Api.Tests.Support;
using ContactBox.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContactBox.Api.Tests.Privacy;

public abstract class ErasureTests(ApiHost api)
{
    private const string Erase = """
        mutation ($id: ID!, $reason: String!) {
          eraseContact(input: {id: $id, reason: $reason}) {
            receipt { contactId auditSequence removed { kind count } }
            errors { __typename ... on Error { message } ... on ValidationError { field } ... on NotFoundError { field } }
          }
        }
        """;

    [SkippableFact]
    public async Task Erasure_leaves_nothing_of_the_contact_in_any_table_only_a_receipt_without_personal_data()
    {
        api.SkipIfUnavailable();
        var ws = await PrivacyTestKit.NewWorkspaceAsync(api);
        var lastName = "Loeschmann" + Guid.NewGuid().ToString("N")[..6];
        var email = $"erika.{lastName.ToLowerInvariant()}@example.org";
        var contact = await RichContact.CreateAsync(ws.GraphQL, lastName, email);
        var colleague = await new TestData(ws.GraphQL).PersonIdAsync("Stays", "Here");
        // A newsletter service's bounce report names the address: it goes with the contact.
        var bounced = await ws.GraphQL.MutateAsync("mutation ($input: RecordEmailBouncesInput!) { recordEmailBounces(input: $input) { bounces { address } errors { __typename } } }",
            "recordEmailBounces", "bounces", new { input = new { bounces = new[] { new { email, kind = "HARD", occurredAt = "2026-11-02T09:00:00Z", reason = "550 mailbox unknown" } } } });
        Assert.Equal($$"""[{"address":"{{email}}"}]""", bounced.GetRawText());
        Assert.NotEmpty(await RowsMentioningAsync(lastName, email)); // the scan does see the contact before

        var receipt = await ws.GraphQL.MutateAsync(Erase, "eraseContact", "receipt", new { id = contact.Id, reason = "Art. 17 request, ticket 4711" });

        Assert.Empty(await RowsMentioningAsync(lastName, email));
        Assert.Equal(
            $$$"""{"contactId":"{{{contact.Id}}}","auditSequence":12,"removed":[{"kind":"appointmentParticipations","count":1},{"kind":"attachments","count":0},{"kind":"contact","count":1},{"kind":"emailBounces","count":1},{"kind":"exportRecords","count":0},{"kind":"followUps","count":1},{"kind":"privacyRecords","count":1},{"kind":"purposeAssignments","count":2},{"kind":"timelineEntries","count":2}]}""",
            receipt.GetRawText());
        var after = await ws.GraphQL.QueryAsync(
            "query ($id: ID!, $c: ID!) { node(id: $id) { id } contact(id: $id) { id } colleague: contact(id: $c) { displayName } contacts(where: {lastName: {startsWith: \"Loeschmann\"}}) { totalCount } }",
            new { id = contact.Id, c = colleague });
        Assert.Equal("""{"node":null,"contact":null,"colleague":{"displayName":"Stays Here"},"contacts":{"totalCount":0}}""", after.GetRawText());
        var employer = await ws.GraphQL.QueryAsync("query ($id: ID!) { contact(id: $id) { displayName } }", new { id = contact.EmployerId });
        Assert.Equal("""{"contact":{"displayName":"Muster Maschinenbau GmbH"}}""", employer.GetRawText());
        var verification = await PrivacyTestKit.VerifyAsync(ws.GraphQL);
        Assert.Equal("""{"ok":true,"count":12,"firstBroken":null}""", verification.GetRawText());
        var receiptRecord = (await ws.GraphQL.QueryAsync("query ($s: ID!) { auditLog(subjectId: $s, first: 1) { nodes { action details } } }", new { s = contact.Id }))
            .GetProperty("auditLog").GetProperty("nodes")[0];
        Assert.Equal("CONTACT_ERASED", receiptRecord.GetProperty("action").GetString());
        Assert.Equal("""{"appointmentParticipations":1,"attachments":0,"contact":1,"emailBounces":1,"exportRecords":0,"followUps":1,"privacyRecords":1,"purposeAssignments":2,"reason":"Art. 17 request, ticket 4711","timelineEntries":2}""",
            receiptRecord.GetProperty("details").GetString());
    }

    [SkippableFact]
    public async Task A_bounce_of_an_address_another_contact_still_has_stays_after_the_erasure()
    {
        api.SkipIfUnavailable();
        var ws = await PrivacyTestKit.NewWorkspaceAsync(api);
        const string Create = "mutation ($input: CreateContactInput!) { createContact(input: $input) { contact { id } errors { __typename } } }";
        var erased = await ws.GraphQL.MutateAsync(Create, "createContact", "contact",
            new { input = new { kind = "PERSON", firstName = "Paula", lastName = "Gone", emails = new[] { new { address = "info@shared.example", isPrimary = true } } } });
        var stays = await ws.GraphQL.MutateAsync(Create, "createContact", "contact",
            new { input = new { kind = "PERSON", firstName = "Peter", lastName = "Stays", emails = new[] { new { address = "Info@Shared.example", isPrimary = true } } } });
        await ws.GraphQL.MutateAsync("mutation ($input: RecordEmailBouncesInput!) { recordEmailBounces(input: $input) { bounces { address } errors { __typename } } }",
            "recordEmailBounces", "bounces", new { input = new { bounces = new[] { new { email = "info@shared.example", kind = "HARD", occurredAt = "2026-11-02T09:00:00Z" } } } });

        var receipt = await ws.GraphQL.MutateAsync(Erase, "eraseContact", "receipt", new { id = erased.GetProperty("id").GetString(), reason = "Art. 17 request" });
        var after = await ws.GraphQL.QueryAsync("query ($id: ID!) { contact(id: $id) { emails { address bounce { isHardBounced } } } }", new { id = stays.GetProperty("id").GetString() });

        Assert.Equal("""{"kind":"emailBounces","count":0}""", receipt.GetProperty("removed").EnumerateArray().Single(r => r.GetProperty("kind").GetString() == "emailBounces").GetRawText());
        Assert.Equal("""{"contact":{"emails":[{"address":"Info@Shared.example","bounce":{"isHardBounced":true}}]}}""", after.GetRawText());
    }

    [SkippableFact]
    public async Task A_reason_naming_the_person_is_refused_and_nothing_is_erased()
    {
        api.SkipIfUnavailable();
        var ws = await PrivacyTestKit.NewWorkspaceAsync(api);
        var contactId = await new TestData(ws.GraphQL).PersonIdAsync("Karl", "Keepme");

        var named = await ws.GraphQL.QueryAsync(Erase, new { id = contactId, reason = "Karl Keepme asked by phone" });
        var empty = await ws.GraphQL.QueryAsync(Erase, new { id = contactId, reason = " " });
        var unknown = await ws.GraphQL.QueryAsync(Erase, new { id = ContactBox.Api.GraphQL.Relay.GlobalId.Format("Contact", Guid.CreateVersion7()), reason = "Request" });
        var still = await ws.GraphQL.QueryAsync("query ($id: ID!) { contact(id: $id) { displayName } }", new { id = contactId });

        Assert.Equal("""{"eraseContact":{"receipt":null,"errors":[{"__typename":"ValidationError","message":"The reason is kept in the audit log after the erasure; it must not name the contact or their e-mail address.","field":"reason"}]}}""", named.GetRawText());
        Assert.Equal("""{"eraseContact":{"receipt":null,"errors":[{"__typename":"ValidationError","message":"reason is required.","field":"reason"}]}}""", empty.GetRawText());
        Assert.Equal("NotFoundError", unknown.GetProperty("eraseContact").GetProperty("errors")[0].GetProperty("__typename").GetString());
        Assert.Equal("""{"contact":{"displayName":"Karl Keepme"}}""", still.GetRawText());
        Assert.Empty(await PrivacyTestKit.ActionsAsync(ws.GraphQL));
    }

    /// <summary>Every row of every table (the whole database, OAuth and audit tables included) whose text mentions any of the values.</summary>
    private async Task<List<string>> RowsMentioningAsync(params string[] values)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactBoxDbContext>();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = db.Database.IsSqlite()
                ? "SELECT name FROM sqlite_master WHERE type = 'table'"
                : "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        Assert.Contains("AuditRecords", tables);
        var hits = new List<string>();
        foreach (var table in tables)
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var row = RowText(reader);
                if (values.Any(v => row.Contains(v, StringComparison.OrdinalIgnoreCase)))
                {
                    hits.Add($"{table}: {row}");
                }
            }
        }

        return hits;
    }

    private static string RowText(DbDataReader reader)
    {
        var text = new StringBuilder();
        for (var i = 0; i < reader.FieldCount; i++)
        {
            text.Append(reader.IsDBNull(i) ? "" : reader.GetValue(i) switch
            {
                byte[] bytes => Encoding.UTF8.GetString(bytes),
                System.Collections.IEnumerable items and not string => string.Join(",", items.Cast<object>()),
                var value => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
            }).Append('|');
        }

        return text.ToString();
    }
}

public sealed class SqliteErasureTests(SqliteApi api) : ErasureTests(api), IClassFixture<SqliteApi>;

public sealed class PostgreSqlErasureTests(PostgresApi api) : ErasureTests(api), IClassFixture<PostgresApi>;
