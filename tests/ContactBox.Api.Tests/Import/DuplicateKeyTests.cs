using System.Text;
using ContactBox.Api.Tests.Support;

namespace ContactBox.Api.Tests.Import;

/// <summary>Each duplicate key with each policy: existing contacts and earlier rows of the file (same batch or an earlier one) match.</summary>
public abstract class DuplicateKeyTests(ApiHost api)
{
    private async Task<ImportWorkspace> WorkspaceAsync(string existing)
    {
        api.SkipIfUnavailable();
        var ws = await ImportWorkspace.CreateAsync(api);
        Assert.True((await ws.ImportAsync(existing)).Counts().Committed);
        return ws;
    }

    private const string EmailExisting = "firstName,lastName,email\nAnna,Alt,Anna@Example.org\n";
    private const string EmailRows = "firstName,lastName,email,tags\nAnna,Neu,  ANNA@example.ORG ,x\nBert,Berg,bert@example.org,\nBert,Zweit,BERT@example.org,y\n";

    [SkippableTheory]
    [InlineData("SKIP", 1, 0, 2, new[] { "Anna Alt <Anna@Example.org>", "Bert Berg <bert@example.org>" })]
    [InlineData("UPDATE", 1, 2, 0, new[] { "Anna Neu <Anna@Example.org> [x]", "Bert Zweit <bert@example.org> [y]" })]
    [InlineData("CREATE_ANYWAY", 3, 0, 0, new[] { "Anna Alt <Anna@Example.org>", "Anna Neu <ANNA@example.ORG> [x]", "Bert Berg <bert@example.org>", "Bert Zweit <BERT@example.org> [y]" })]
    public async Task Email_matches_trimmed_and_in_any_case(string policy, long created, long updated, long skipped, string[] contacts)
    {
        var ws = await WorkspaceAsync(EmailExisting);

        var payload = await ws.ImportAsync(EmailRows, new { duplicates = policy });

        Assert.Equal((3L, created, updated, skipped, 0L, true), payload.Counts());
        Assert.Equal(contacts, await ws.ContactsAsync());
    }

    [SkippableTheory]
    [InlineData("SKIP", 1, 0, 2, new[] { "Carla Alt <>", "Emil Neu <>" })]
    [InlineData("UPDATE", 1, 2, 0, new[] { "Dora Neu <>", "Emil Neu <>" })]
    public async Task Phone_matches_national_and_international_forms_of_a_German_number(string policy, long created, long updated, long skipped, string[] contacts)
    {
        var ws = await WorkspaceAsync("firstName,lastName,phone\nCarla,Alt,+49 30 1234567\n");

        var payload = await ws.ImportAsync("firstName,lastName,phone\nCarla,Neu,030/123 45 67\nDora,Neu,0049 (30) 1234-567\nEmil,Neu,+49 89 555 0\n",
            new { duplicates = policy, duplicateKey = "PHONE" });

        Assert.Equal((3L, created, updated, skipped, 0L, true), payload.Counts());
        Assert.Equal(contacts, await ws.ContactsAsync());
    }

    [SkippableTheory]
    [InlineData("SKIP", 1, 0, 2, 0, new[] { "Kai Alt <>", "Lea Neu <>" })]
    [InlineData("UPDATE", 1, 2, 0, 0, new[] { "Kai Neu <>", "Lea Zwei <>" })]
    [InlineData("CREATE_ANYWAY", 1, 0, 0, 2, new[] { "Kai Alt <>", "Lea Neu <>" })]
    public async Task External_id_matches_exactly_and_stays_unique_in_the_workspace(string policy, long created, long updated, long skipped, long rejected, string[] contacts)
    {
        var ws = await WorkspaceAsync("Vorname,Nachname,Kundennummer\nKai,Alt,K-1\n");

        var payload = await ws.ImportAsync("Vorname,Nachname,Kundennummer\nKai,Neu, K-1 \nLea,Neu,K-2\nLea,Zwei,K-2\n",
            new { duplicates = policy, duplicateKey = "EXTERNAL_ID", rowPolicy = "VALID_ROWS" });

        Assert.Equal((3L, created, updated, skipped, rejected, true), payload.Counts());
        Assert.Equal(contacts, await ws.ContactsAsync());
        if (rejected > 0)
        {
            Assert.Equal("""[{"line":2,"column":"Kundennummer","reason":"Another contact already has the externalId 'K-1'."},"""
                         + """{"line":4,"column":"Kundennummer","reason":"Another contact already has the externalId 'K-2'."}]""", payload.Problems());
        }

        var found = await ws.GraphQL.QueryAsync("""{ contacts(first: 5, where: {externalId: {eq: "K-2"}}) { nodes { displayName externalId } } }""");
        Assert.Equal(policy == "UPDATE" ? """[{"displayName":"Lea Zwei","externalId":"K-2"}]""" : """[{"displayName":"Lea Neu","externalId":"K-2"}]""",
            found.GetProperty("contacts").GetProperty("nodes").GetRawText());
    }

    [SkippableTheory]
    [InlineData("SKIP", 2, 0, 1, new[] { "Jürgen Müller <>", "Jürgen Müller <>", "Muster GmbH <>" })]
    [InlineData("UPDATE", 2, 1, 0, new[] { "Jürgen Müller <> [neu]", "Jürgen Müller <>", "Muster GmbH <>" })]
    public async Task Name_and_postal_code_match_with_the_postal_code_in_any_spacing(string policy, long created, long updated, long skipped, string[] contacts)
    {
        var ws = await WorkspaceAsync("Vorname,Nachname,PLZ\nJürgen,Müller,10115\n");

        var payload = await ws.ImportAsync("Vorname,Nachname,Firma,PLZ,Schlagworte\nJürgen , Müller,,10 115,neu\nJürgen,Müller,,80331,\n,,Muster GmbH,10115,\n",
            new { duplicates = policy, duplicateKey = "NAME_AND_POSTAL_CODE" });

        Assert.Equal((3L, created, updated, skipped, 0L, true), payload.Counts());
        Assert.Equal(contacts, await ws.ContactsAsync());
    }

    [SkippableFact]
    public async Task A_row_repeating_a_row_of_an_earlier_batch_is_its_duplicate()
    {
        var ws = await WorkspaceAsync("firstName,lastName\nX,Y\n");
        var csv = new StringBuilder("firstName,lastName,email\n");
        for (var i = 0; i < 5_001; i++)
        {
            csv.Append("P,N").Append(i).Append(",p").Append(i).Append("@example.org\n");
        }

        csv.Append("Again,First,P0@EXAMPLE.org\n");

        Assert.Equal((5_002L, 5_001L, 0L, 1L, 0L, true), (await ws.ImportAsync(csv.ToString())).Counts());
    }

    [SkippableFact]
    public async Task A_chosen_key_without_its_column_is_a_mapping_error()
    {
        var ws = await WorkspaceAsync("firstName,lastName\nX,Y\n");

        var payload = await ws.ImportAsync("firstName,lastName\nA,B\n", new { duplicateKey = "EXTERNAL_ID" });

        Assert.StartsWith("ValidationError mapping: ", payload.Error(), StringComparison.Ordinal);
        Assert.Contains("ExternalId", payload.Error(), StringComparison.Ordinal);
    }
}

public sealed class SqliteDuplicateKeyTests(SqliteApi api) : DuplicateKeyTests(api), IClassFixture<SqliteApi>;

public sealed class PostgreSqlDuplicateKeyTests(PostgresApi api) : DuplicateKeyTests(api), IClassFixture<PostgresApi>;
