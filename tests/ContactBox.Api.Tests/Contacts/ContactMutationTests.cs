using System.Text.Json;
using ContactBox.Api.Tests.Support;

namespace ContactBox.Api.Tests.Contacts;

public abstract class ContactMutationTests(ApiHost api)
{
    private GraphQLClient GraphQL
    {
        get
        {
            api.SkipIfUnavailable();
            return api.GraphQL;
        }
    }

    private const string Create = """
        mutation ($input: CreateContactInput!) {
          createContact(input: $input) {
            contact {
              kind salutation title firstName lastName displayName website birthday version
              emails { address label isPrimary } primaryEmail { address }
              phones { number label isPrimary }
              addresses { label street postalCode city region country }
              tags { name } owner { name } createdBy { name } updatedBy { name }
            }
            errors { __typename ... on Error { message } ... on ValidationError { field } ... on NotFoundError { field } }
          }
        }
        """;

    // The tests call as an OAuth client, which is no team member: createdBy and updatedBy stay empty.
    [SkippableFact]
    public async Task Creating_a_person_stores_all_master_data()
    {
        var me = await new TestData(GraphQL).DemoAdminIdAsync();
        var data = await GraphQL.QueryAsync(Create, new
        {
            input = new
            {
                kind = "PERSON", salutation = "MS", title = "Dr.", firstName = " Erika ", lastName = "Müller",
                website = "muster.example.de", birthday = "1980-05-17", ownerId = me,
                emails = new object[] { new { address = "erika@muster.example.de", label = "work" }, new { address = "erika@privat.example.de", label = "private" } },
                phones = new object[] { new { number = "+49 89 123456", label = "office", isPrimary = true } },
                addresses = new object[] { new { label = "office", street = "Marienplatz 1", postalCode = "80331", city = "München", region = "Bayern", country = "de" } },
                tags = new[] { "customer", " VIP ", "vip" },
            },
        });

        Assert.Equal(
            """{"contact":{"kind":"PERSON","salutation":"MS","title":"Dr.","firstName":"Erika","lastName":"Müller","displayName":"Dr. Erika Müller","website":"https://muster.example.de/","birthday":"1980-05-17","version":1,"emails":[{"address":"erika@muster.example.de","label":"work","isPrimary":true},{"address":"erika@privat.example.de","label":"private","isPrimary":false}],"primaryEmail":{"address":"erika@muster.example.de"},"phones":[{"number":"+49 89 123456","label":"office","isPrimary":true}],"addresses":[{"label":"office","street":"Marienplatz 1","postalCode":"80331","city":"München","region":"Bayern","country":"DE"}],"tags":[{"name":"customer"},{"name":"VIP"}],"owner":{"name":"Demo Admin"},"createdBy":null,"updatedBy":null},"errors":null}""",
            data.GetProperty("createContact").GetRawText());
    }

    [SkippableFact]
    public async Task A_validation_error_names_the_field_and_nothing_is_stored()
    {
        var data = new TestData(GraphQL);
        var result = await GraphQL.QueryAsync(Create, new
        {
            input = new { kind = "PERSON", lastName = "Schmidt", tags = new[] { data.Marker }, emails = new object[] { new { address = "ok@example.de" }, new { address = "not an address" } } },
        });

        Assert.Equal(
            """{"contact":null,"errors":[{"__typename":"ValidationError","message":"'not an address' is not a valid e-mail address.","field":"emails[1].address"}]}""",
            result.GetProperty("createContact").GetRawText());
        var count = await GraphQL.QueryAsync("query ($w: ContactFilterInput) { contacts(where: $w) { totalCount } }", new { w = data.Mine });
        Assert.Equal(0, count.GetProperty("contacts").GetProperty("totalCount").GetInt32());
    }

    [SkippableFact]
    public async Task An_organisation_without_name_is_a_validation_error()
    {
        var result = await GraphQL.QueryAsync(Create, new { input = new { kind = "ORGANIZATION", lastName = "Nobody" } });

        Assert.Equal(
            """[{"__typename":"ValidationError","message":"An organisation needs a name.","field":"organizationName"}]""",
            result.GetProperty("createContact").GetProperty("errors").GetRawText());
    }

    [SkippableFact]
    public async Task An_unknown_owner_is_a_not_found_error()
    {
        var ghost = Convert.ToBase64String("Member:0195f8a2c3d44b7f8a1b2c3d4e5f6a7b"u8);
        var result = await GraphQL.QueryAsync(Create, new { input = new { kind = "PERSON", lastName = "Owner", ownerId = ghost } });

        Assert.Equal(
            """[{"__typename":"NotFoundError","message":"No Member with the ID given for ownerId exists.","field":"ownerId"}]""",
            result.GetProperty("createContact").GetProperty("errors").GetRawText());
    }

    [SkippableFact]
    public async Task An_id_of_the_wrong_type_is_a_validation_error_for_that_field()
    {
        var data = new TestData(GraphQL);
        var person = await data.PersonIdAsync("Paul", "Person");

        var result = await GraphQL.QueryAsync(Create, new { input = new { kind = "PERSON", lastName = "X", ownerId = person } });

        Assert.Equal(
            """[{"__typename":"ValidationError","message":"The ID given for ownerId denotes a Contact, not a Member.","field":"ownerId"}]""",
            result.GetProperty("createContact").GetProperty("errors").GetRawText());
    }

    [SkippableFact]
    public async Task Update_changes_only_the_fields_given_and_bumps_the_version()
    {
        var data = new TestData(GraphQL);
        var created = await data.PersonAsync("Hans", "Meier", "lead");
        var updated = await GraphQL.MutateAsync(
            """
            mutation ($input: UpdateContactInput!) {
              updateContact(input: $input) { contact { firstName lastName jobTitle version tags { name } } errors { __typename } }
            }
            """,
            "updateContact", "contact",
            new { input = new { id = created.GetProperty("id").GetString(), version = 1, jobTitle = "Einkauf", lastName = "Meyer" } });

        Assert.Equal($$"""{"firstName":"Hans","lastName":"Meyer","jobTitle":"Einkauf","version":2,"tags":[{"name":"lead"},{"name":"{{data.Marker}}"}]}""", updated.GetRawText());
    }

    [SkippableFact]
    public async Task Updating_a_stale_version_is_a_concurrency_error_and_changes_nothing()
    {
        var data = new TestData(GraphQL);
        var id = await data.PersonIdAsync("Anna", "Alt");
        const string update = """
            mutation ($input: UpdateContactInput!) {
              updateContact(input: $input) { contact { lastName version } errors { __typename ... on ConcurrencyError { message expectedVersion actualVersion } } }
            }
            """;
        await GraphQL.MutateAsync(update, "updateContact", "contact", new { input = new { id, version = 1, lastName = "Neu" } });

        var stale = await GraphQL.QueryAsync(update, new { input = new { id, version = 1, lastName = "Verloren" } });

        Assert.Equal(
            """{"contact":null,"errors":[{"__typename":"ConcurrencyError","message":"The object was changed by someone else: you edited version 1, the current version is 2.","expectedVersion":1,"actualVersion":2}]}""",
            stale.GetProperty("updateContact").GetRawText());
        var current = await GraphQL.QueryAsync("query ($id: ID!) { contact(id: $id) { lastName version } }", new { id });
        Assert.Equal("""{"lastName":"Neu","version":2}""", current.GetProperty("contact").GetRawText());
    }

    [SkippableFact]
    public async Task A_refused_update_leaves_nothing_behind_for_a_later_mutation_of_the_same_request()
    {
        var data = new TestData(GraphQL);
        var id = await data.PersonIdAsync("Halb", "Fertig");

        var result = await GraphQL.QueryAsync(
            """
            mutation ($id: ID!) {
              bad: updateContact(input: {id: $id, version: 1, firstName: null, lastName: null, department: "Changed"}) { errors { __typename } }
              good: addTimelineEntry(input: {contactId: $id, kind: NOTE, subject: "saved"}) { errors { __typename } }
            }
            """,
            new { id });
        var contact = await GraphQL.QueryAsync("query ($id: ID!) { contact(id: $id) { firstName lastName department version } }", new { id });

        Assert.Equal("""{"bad":{"errors":[{"__typename":"ValidationError"}]},"good":{"errors":null}}""", result.GetRawText());
        Assert.Equal("""{"firstName":"Halb","lastName":"Fertig","department":null,"version":1}""", contact.GetProperty("contact").GetRawText());
    }

    [SkippableFact]
    public async Task An_employer_must_be_an_organisation_and_deleting_it_keeps_the_employee()
    {
        var data = new TestData(GraphQL);
        var person = await data.PersonIdAsync("Bob", "Boss");
        var wrong = await GraphQL.QueryAsync(Create, new { input = new { kind = "PERSON", lastName = "Worker", employerId = person } });
        Assert.Equal(
            """[{"__typename":"ValidationError","message":"The employer must be an organisation.","field":"employerId"}]""",
            wrong.GetProperty("createContact").GetProperty("errors").GetRawText());

        var company = (await GraphQL.MutateAsync(Create, "createContact", "contact", new { input = new { kind = "ORGANIZATION", organizationName = "Muster GmbH" } }))
            .GetProperty("displayName").GetString();
        Assert.Equal("Muster GmbH", company);
        var org = await GraphQL.QueryAsync("""query { contacts(where: {organizationName: {eq: "Muster GmbH"}}, first: 1) { nodes { id } } }""");
        var orgId = org.GetProperty("contacts").GetProperty("nodes")[0].GetProperty("id").GetString();
        var employee = await GraphQL.MutateAsync(
            "mutation ($input: CreateContactInput!) { createContact(input: $input) { contact { id employer { displayName } } errors { __typename } } }",
            "createContact", "contact", new { input = new { kind = "PERSON", lastName = "Angestellt", employerId = orgId, tags = new[] { data.Marker } } });
        Assert.Equal("Muster GmbH", employee.GetProperty("employer").GetProperty("displayName").GetString());

        await GraphQL.MutateAsync("mutation ($id: ID!) { deleteContact(input: {id: $id}) { contact { id } errors { __typename } } }", "deleteContact", "contact", new { id = orgId });

        var after = await GraphQL.QueryAsync("query ($id: ID!) { contact(id: $id) { lastName employer { id } } }", new { id = employee.GetProperty("id").GetString() });
        Assert.Equal("""{"lastName":"Angestellt","employer":null}""", after.GetProperty("contact").GetRawText());
    }

    [SkippableFact]
    public async Task Deleting_a_contact_removes_it_with_its_timeline_and_follow_ups()
    {
        var data = new TestData(GraphQL);
        var id = await data.PersonIdAsync("Del", "Ete");
        var entry = await data.TimelineEntryAsync(id, "Anruf", "2026-01-02T10:00:00+01:00", "CALL");
        await GraphQL.MutateAsync(
            "mutation ($c: ID!) { createFollowUp(input: {contactId: $c, dueAt: \"2030-01-01T09:00:00Z\", subject: \"Nachfassen\"}) { followUp { id } errors { __typename } } }",
            "createFollowUp", "followUp", new { c = id });

        var deleted = await GraphQL.MutateAsync("mutation ($id: ID!) { deleteContact(input: {id: $id}) { contact { lastName } errors { __typename } } }", "deleteContact", "contact", new { id });

        Assert.Equal("Ete", deleted.GetProperty("lastName").GetString());
        var gone = await GraphQL.QueryAsync("query ($ids: [ID!]!) { nodes(ids: $ids) { id } }", new { ids = new[] { id, entry } });
        Assert.Equal("[null,null]", gone.GetProperty("nodes").GetRawText());
    }

    [SkippableFact]
    public async Task Deleting_a_contact_that_does_not_exist_is_a_not_found_error()
    {
        var ghost = Convert.ToBase64String("Contact:0195f8a2c3d44b7f8a1b2c3d4e5f6a7b"u8);
        var result = await GraphQL.QueryAsync("mutation ($id: ID!) { deleteContact(input: {id: $id}) { contact { id } errors { __typename ... on NotFoundError { id field } } } }", new { id = ghost });

        Assert.Equal($$"""{"contact":null,"errors":[{"__typename":"NotFoundError","id":"{{ghost}}","field":"id"}]}""", result.GetProperty("deleteContact").GetRawText());
    }
}

public sealed class SqliteContactMutationTests(SqliteApi api) : ContactMutationTests(api), IClassFixture<SqliteApi>;

public sealed class PostgreSqlContactMutationTests(PostgresApi api) : ContactMutationTests(api), IClassFixture<PostgresApi>;
