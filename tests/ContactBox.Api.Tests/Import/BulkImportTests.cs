using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ContactBox.Api.Tests.Support;
using ContactBox.Domain.Import;
using ContactBox.Infrastructure.Import;
using ContactBox.Infrastructure.Persistence;
using ContactBox.Infrastructure.Privacy;
using ContactBox.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContactBox.Api.Tests.Import;

/// <summary>The import's bulk write path: rows arrive exactly as EF writes them, and progress is reported.</summary>
public abstract class BulkImportTests(ApiHost api)
{
    private const string Shape = """
        kind salutation title firstName lastName organizationName department jobTitle externalId displayName
        emails { address label isPrimary } primaryEmail { address } phones { number label isPrimary }
        addresses { label street postalCode city region country } website birthday tags { name } version
        """;

    [SkippableFact]
    public async Task A_bulk_imported_contact_is_exactly_the_contact_createContact_makes_from_the_same_data()
    {
        api.SkipIfUnavailable();
        var ws = await ImportWorkspace.CreateAsync(api);
        await ws.GraphQL.MutateAsync("mutation ($input: CreateContactInput!) { createContact(input: $input) { contact { id } errors { __typename } } }", "createContact", "contact", new
        {
            input = new
            {
                kind = "PERSON", salutation = "MS", title = "Dr.", firstName = "Jürgen", lastName = "Müller-Lüdenscheidt", department = "Einkauf", jobTitle = "Leiterin",
                externalId = "SAME", website = "www.example.de/über", birthday = "1980-03-31",
                emails = new[] { new { address = "jm+crm@example.de", isPrimary = true } },
                phones = new[] { new { number = "+49 (30) 123-456", isPrimary = true } },
                addresses = new[] { new { street = "Hauptstraße 1 \"Hinterhaus\"", postalCode = "10115", city = "Berlin", region = "Berlin", country = "DE" } },
                tags = new[] { "Kunde", "Messe 2027" },
            },
        });
        var created = await ShapeAsync(ws);
        await using (var scope = api.Services.CreateAsyncScope())
        {
            // Move it aside so the import can use the same external ID.
            var db = Db(scope, ws);
            await db.Contacts.ExecuteUpdateAsync(s => s.SetProperty(c => c.ExternalId, "CREATED"));
        }

        var csv = "Anrede,Titel,Vorname,Nachname,Abteilung,Position,externalId,Webseite,Geburtstag,E-Mail,Telefon,Straße,PLZ,Ort,Bundesland,Land,Schlagworte\r\n"
                  + "Frau,Dr.,Jürgen,Müller-Lüdenscheidt,Einkauf,Leiterin,SAME,www.example.de/über,31.03.1980,jm+crm@example.de,+49 (30) 123-456,\"Hauptstraße 1 \"\"Hinterhaus\"\"\",10115,Berlin,Berlin,DE,\"Kunde, Messe 2027\"\r\n";
        Assert.Equal((1L, 1L, 0L, 0L, 0L, true), (await ws.ImportAsync(csv, new { duplicates = "CREATE_ANYWAY" })).Counts());

        var imported = await ShapeAsync(ws);
        Assert.Equal(created.Replace("\"externalId\":\"SAME\"", "\"externalId\":\"CREATED\"", StringComparison.Ordinal), await ShapeAsync(ws, "CREATED"));
        Assert.Equal(created, imported);

        // Below GraphQL: every column of the contact row and of its tag rows is what EF wrote, but the keys and stamps.
        await using (var scope = api.Services.CreateAsyncScope())
        {
            var db = Db(scope, ws);
            var byEf = await RowsAsync(db, "CREATED");
            var byBulk = await RowsAsync(db, "SAME");
            Assert.Equal(byEf.Contact.Count, byBulk.Contact.Count);
            Assert.Equal(byEf.Contact.Where(c => c.Key is not ("Id" or "CreatedAt" or "UpdatedAt" or "ExternalId")), byBulk.Contact.Where(c => c.Key is not ("Id" or "CreatedAt" or "UpdatedAt" or "ExternalId")));
            Assert.Equal(byEf.Tags, byBulk.Tags);
            Assert.Equal(4, byBulk.Tags.Count); // two tags, two columns each
        }
    }

    [SkippableFact]
    public async Task The_engine_reports_progress_every_thousand_rows_and_at_the_end_and_writes_children_in_one_transaction()
    {
        api.SkipIfUnavailable();
        var ws = await ImportWorkspace.CreateAsync(api);
        var csv = new StringBuilder("firstName,lastName,email,tags\n");
        for (var i = 0; i < 6_500; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"P,N{i},p{i}@example.org,\"a,b\"\n");
        }

        var progress = new Reports();
        await using (var scope = api.Services.CreateAsyncScope())
        {
            var db = Db(scope, ws);
            await using var file = await ImportFile.StageAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())), 10_000_000, CancellationToken.None);
            var result = await scope.ServiceProvider.GetRequiredService<ContactImporter>()
                .ImportAsync(file, new ImportRequest<ImportField> { FileName = "big.csv" }, AuditActor.System, progress, CancellationToken.None);
            Assert.Equal((6_500L, 6_500L, true), (result.Rows, result.Created, result.Committed));
        }

        Assert.Equal([1000L, 2000L, 3000L, 4000L, 5000L, 6000L, 6500L], progress.Values);
        await using (var scope = api.Services.CreateAsyncScope())
        {
            var db = Db(scope, ws);
            Assert.Equal((6_500, 13_000, 6_500), (await db.Contacts.CountAsync(), await db.ContactTags.CountAsync(), await db.ContactPrivacy.CountAsync()));
            Assert.Equal(6_500, await db.Contacts.CountAsync(c => c.CreatedAt == c.UpdatedAt && c.Version == 1 && c.WorkspaceId == ws.Id));
        }
    }

    private static ContactBoxDbContext Db(AsyncServiceScope scope, ImportWorkspace ws)
    {
        scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().Set(ws.Id, null);
        return scope.ServiceProvider.GetRequiredService<ContactBoxDbContext>();
    }

    private static async Task<string> ShapeAsync(ImportWorkspace ws, string externalId = "SAME")
    {
        var data = await ws.GraphQL.QueryAsync($"query ($x: String) {{ contacts(first: 2, where: {{externalId: {{eq: $x}}}}) {{ nodes {{ {Shape} }} }} }}", new { x = externalId });
        return Assert.Single(data.GetProperty("contacts").GetProperty("nodes").EnumerateArray()).GetRawText();
    }

    private static async Task<(List<KeyValuePair<string, string>> Contact, List<string> Tags)> RowsAsync(ContactBoxDbContext db, string externalId)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            var contact = await ReadAsync(connection, """SELECT * FROM "Contacts" WHERE "ExternalId" = @x""", externalId);
            var tags = await ReadAsync(connection, """SELECT t."WorkspaceId", t."Name" FROM "ContactTags" t JOIN "Contacts" c ON c."Id" = t."ContactId" WHERE c."ExternalId" = @x ORDER BY t."Name" """, externalId);
            return (contact, tags.Select(t => $"{t.Key}={t.Value}").ToList());
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Every column of every row, as "name = provider value (type)".</summary>
    private static async Task<List<KeyValuePair<string, string>>> ReadAsync(DbConnection connection, string sql, string externalId)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@x";
        parameter.Value = externalId;
        command.Parameters.Add(parameter);
        await using var reader = await command.ExecuteReaderAsync();
        var columns = new List<KeyValuePair<string, string>>();
        while (await reader.ReadAsync())
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                var value = reader.GetValue(i);
                columns.Add(new(reader.GetName(i), $"{Convert.ToString(value, CultureInfo.InvariantCulture)} ({value.GetType().Name})"));
            }
        }

        return columns;
    }

    private sealed class Reports : IProgress<long>
    {
        public List<long> Values { get; } = [];

        public void Report(long value) => Values.Add(value);
    }
}

public sealed class SqliteBulkImportTests(SqliteApi api) : BulkImportTests(api), IClassFixture<SqliteApi>;

public sealed class PostgreSqlBulkImportTests(PostgresApi api) : BulkImportTests(api), IClassFixture<PostgresApi>;
