using ContactBox.Api.Tests.Support;
using ContactBox.Domain.Contacts;
using ContactBox.Domain.CustomFields;
using ContactBox.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContactBox.Api.Tests.Contacts;

/// <summary>
/// A value that must be unique in the workspace (a contact's externalId, a custom field's key) taken by a concurrent
/// writer after the mutation checked it was free: the database's unique index refuses the save, and the caller gets
/// the same ValidationError the check gives, not an unexpected error.
/// </summary>
public abstract class UniqueIndexTests(ApiHost api)
{
    private const string Create = """
        mutation ($input: CreateContactInput!) {
          createContact(input: $input) { contact { externalId } errors { __typename ... on Error { message } ... on ValidationError { field } } }
        }
        """;

    [SkippableFact]
    public async Task The_index_refusal_names_the_field_and_the_value_on_each_provider()
    {
        api.SkipIfUnavailable();
        var workspaceId = await api.CreateWorkspaceAsync("Unique index");
        await SaveAsync(workspaceId, db => db.Contacts.Add(Person("K-1")));
        await SaveAsync(workspaceId, db => db.CustomFields.Add(new CustomField("segment", "Segment", null, CustomFieldType.Text, false, 0)));

        var contact = await Assert.ThrowsAsync<DbUpdateException>(() => SaveAsync(workspaceId, db => db.Contacts.Add(Person("K-1"))));
        var field = await Assert.ThrowsAsync<DbUpdateException>(() =>
            SaveAsync(workspaceId, db => db.CustomFields.Add(new CustomField("segment", "Segment 2", null, CustomFieldType.Text, false, 1))));
        var model = api.Services.CreateScope().ServiceProvider.GetRequiredService<ContactBoxDbContext>().Model;

        var byContact = UniqueViolation.Of(contact, model)!;
        var byField = UniqueViolation.Of(field, model)!;
        Assert.Equal(("externalId", "K-1", "Another contact already has the externalId 'K-1'."), (byContact.Field, byContact.Value, byContact.Message));
        Assert.Equal(["WorkspaceId", "ExternalId"], byContact.Index.Properties.Select(p => p.Name));
        Assert.Equal(("key", "segment", "Another custom field already has the key 'segment'."), (byField.Field, byField.Value, byField.Message));
    }

    [SkippableFact]
    public async Task A_contact_created_while_another_writer_holds_the_same_external_id_gets_a_validation_error()
    {
        api.SkipIfUnavailable();
        Task<System.Text.Json.JsonElement> racing;
        await using (var scope = api.Services.CreateAsyncScope())
        {
            // The other writer has inserted K-2 and not committed: createContact's check cannot see it, its insert
            // waits on the unique index (PostgreSQL) or the write lock (SQLite) until the other writer commits.
            var db = scope.ServiceProvider.GetRequiredService<ContactBoxDbContext>();
            db.Workspace.Set(api.DemoWorkspaceId, null);
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Contacts.Add(Person("K-2"));
            await db.SaveChangesAsync();
            racing = api.GraphQL.QueryAsync(Create, new { input = new { kind = "PERSON", lastName = "Racer", externalId = "K-2" } });
            await Task.Delay(TimeSpan.FromSeconds(2));
            await transaction.CommitAsync();
        }

        var payload = (await racing).GetProperty("createContact");
        var count = await api.GraphQL.QueryAsync("""{ contacts(where: {externalId: {eq: "K-2"}}) { totalCount } }""");

        Assert.Equal("""{"contact":null,"errors":[{"__typename":"ValidationError","message":"Another contact already has the externalId 'K-2'.","field":"externalId"}]}""",
            payload.GetRawText());
        Assert.Equal(1, count.GetProperty("contacts").GetProperty("totalCount").GetInt32());
    }

    private static Contact Person(string externalId) =>
        new(ContactKind.Person, new ContactDetails { LastName = "Unique", ExternalId = externalId }, DateTimeOffset.UtcNow);

    private async Task SaveAsync(Guid workspaceId, Action<ContactBoxDbContext> change)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactBoxDbContext>();
        db.Workspace.Set(workspaceId, null);
        change(db);
        await db.SaveChangesAsync();
    }
}

public sealed class SqliteUniqueIndexTests(SqliteApi api) : UniqueIndexTests(api), IClassFixture<SqliteApi>;

public sealed class PostgreSqlUniqueIndexTests(PostgresApi api) : UniqueIndexTests(api), IClassFixture<PostgresApi>;
