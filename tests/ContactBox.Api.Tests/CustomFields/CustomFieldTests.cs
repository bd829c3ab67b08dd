using System.Net;
using ContactBox.Api.Tests.Privacy;
using ContactBox.Api.Tests.Support;
using ContactBox.Domain.Auth;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Api.Tests.CustomFields;

public abstract class CustomFieldTests(ApiHost api)
{
    private const string Catalog = "{ customFields(includeArchived: true) { key label description type isRequired position isArchived options(includeArchived: true) { key label position isArchived } } }";

    [SkippableFact]
    public async Task Admins_define_fields_and_options_change_archive_and_reorder_them_and_the_catalog_shows_them_in_order()
    {
        api.SkipIfUnavailable();
        var ws = await PrivacyTestKit.NewWorkspaceAsync(api);
        var branche = await CustomFieldKit.FieldAsync(ws.GraphQL, "branche", "Branche", "PICK_LIST", false, ("it", "IT"), ("handel", "Handel"));
        var umsatz = await CustomFieldKit.FieldAsync(ws.GraphQL, "umsatz", "Umsatz", "NUMBER");
        var notiz = await CustomFieldKit.FieldAsync(ws.GraphQL, "notiz", "Notiz", "TEXT");
        var field = await ws.GraphQL.MutateAsync(
            "mutation ($id: ID!) { addCustomFieldOption(input: {fieldId: $id, key: \"bau\", label: \"Bau\"}) { field { options { id key } } errors { __typename } } }",
            "addCustomFieldOption", "field", new { id = branche });
        var options = field.GetProperty("options").EnumerateArray().ToDictionary(o => o.GetProperty("key").GetString()!, o => o.GetProperty("id").GetString()!);
        await ws.GraphQL.MutateAsync("mutation ($id: ID!) { updateCustomFieldOption(input: {id: $id, label: \"Informationstechnik\"}) { field { key } errors { __typename } } }",
            "updateCustomFieldOption", "field", new { id = options["it"] });
        await ws.GraphQL.MutateAsync("mutation ($id: ID!) { archiveCustomFieldOption(input: {id: $id}) { field { key } errors { __typename } } }",
            "archiveCustomFieldOption", "field", new { id = options["handel"] });
        await ws.GraphQL.MutateAsync("mutation ($input: ReorderCustomFieldOptionsInput!) { reorderCustomFieldOptions(input: $input) { field { key } errors { __typename } } }",
            "reorderCustomFieldOptions", "field", new { input = new { fieldId = branche, ids = new[] { options["bau"], options["it"], options["handel"] } } });
        await ws.GraphQL.MutateAsync("mutation ($input: UpdateCustomFieldInput!) { updateCustomField(input: $input) { field { key } errors { __typename } } }",
            "updateCustomField", "field", new { input = new { id = umsatz, label = "Jahresumsatz", description = "in Euro", required = true } });
        await ws.GraphQL.MutateAsync("mutation ($id: ID!) { archiveCustomField(input: {id: $id}) { field { key } errors { __typename } } }", "archiveCustomField", "field", new { id = notiz });
        await ws.GraphQL.MutateAsync("mutation ($input: ReorderCustomFieldsInput!) { reorderCustomFields(input: $input) { fields { key } errors { __typename } } }",
            "reorderCustomFields", "fields", new { input = new { ids = new[] { umsatz, notiz, branche } } });

        var catalog = await ws.GraphQL.QueryAsync(Catalog);
        var current = await ws.GraphQL.QueryAsync("{ customFields { key options { key } } }");

        Assert.Equal(
            """{"customFields":[{"key":"umsatz","label":"Jahresumsatz","description":"in Euro","type":"NUMBER","isRequired":true,"position":0,"isArchived":false,"options":[]},"""
            + """{"key":"notiz","label":"Notiz","description":null,"type":"TEXT","isRequired":false,"position":1,"isArchived":true,"options":[]},"""
            + """{"key":"branche","label":"Branche","description":null,"type":"PICK_LIST","isRequired":false,"position":2,"isArchived":false,"options":["""
            + """{"key":"bau","label":"Bau","position":0,"isArchived":false},{"key":"it","label":"Informationstechnik","position":1,"isArchived":false},{"key":"handel","label":"Handel","position":2,"isArchived":true}]}]}""",
            catalog.GetRawText());
        Assert.Equal("""{"customFields":[{"key":"umsatz","options":[]},{"key":"branche","options":[{"key":"bau"},{"key":"it"}]}]}""", current.GetRawText());

        // Every change but the reorderings is in the audit log, in the order made, with keys and flags only.
        var log = (await ws.GraphQL.QueryAsync("{ auditLog(order: [{sequence: ASC}], first: 100) { nodes { action subjectType details } } }"))
            .GetProperty("auditLog").GetProperty("nodes").EnumerateArray()
            .Where(n => n.GetProperty("action").GetString()!.StartsWith("CUSTOM_FIELD", StringComparison.Ordinal))
            .Select(n => $"{n.GetProperty("action").GetString()} {n.GetProperty("subjectType").GetString()} {n.GetProperty("details").GetString()}").ToList();
        Assert.Equal(
            [
                """CUSTOM_FIELD_CREATED CustomField {"archived":false,"key":"branche","required":false,"type":"PickList"}""",
                """CUSTOM_FIELD_CREATED CustomField {"archived":false,"key":"umsatz","required":false,"type":"Number"}""",
                """CUSTOM_FIELD_CREATED CustomField {"archived":false,"key":"notiz","required":false,"type":"Text"}""",
                $$"""CUSTOM_FIELD_OPTION_ADDED CustomField {"archived":false,"key":"branche","option":"bau","optionId":"{{RawId(options["bau"])}}"}""",
                $$"""CUSTOM_FIELD_OPTION_CHANGED CustomField {"archived":false,"key":"branche","option":"it","optionId":"{{RawId(options["it"])}}"}""",
                $$"""CUSTOM_FIELD_OPTION_ARCHIVED CustomField {"archived":true,"key":"branche","option":"handel","optionId":"{{RawId(options["handel"])}}"}""",
                """CUSTOM_FIELD_CHANGED CustomField {"archived":false,"key":"umsatz","required":true,"type":"Number"}""",
                """CUSTOM_FIELD_ARCHIVED CustomField {"archived":true,"key":"notiz","required":false,"type":"Text"}""",
            ],
            log);
    }

    private static string RawId(string globalId) => ContactBox.Api.GraphQL.Relay.GlobalId.Parse(globalId, "CustomFieldOption", "id").ToString();

    [SkippableFact]
    public async Task Bad_catalog_input_gets_a_typed_error_naming_the_field_and_writes_nothing()
    {
        api.SkipIfUnavailable();
        var ws = await PrivacyTestKit.NewWorkspaceAsync(api);
        var branche = await CustomFieldKit.FieldAsync(ws.GraphQL, "branche", "Branche", "PICK_LIST", false, ("it", "IT"));
        const string create = "mutation ($input: CreateCustomFieldInput!) { createCustomField(input: $input) { field { key } errors { __typename ... on ValidationError { field message } } } }";

        var duplicate = await ws.GraphQL.QueryAsync(create, new { input = new { key = "branche", label = "Noch eine", type = "TEXT" } });
        var badKey = await ws.GraphQL.QueryAsync(create, new { input = new { key = "Meine Branche", label = "x", type = "TEXT" } });
        var badOption = await ws.GraphQL.QueryAsync(create, new { input = new { key = "farbe", label = "Farbe", type = "PICK_LIST", options = new[] { new { key = "rot", label = "Rot" }, new { key = "rot", label = "Auch rot" } } } });
        var optionOnText = await ws.GraphQL.QueryAsync(create, new { input = new { key = "notiz", label = "Notiz", type = "TEXT", options = new[] { new { key = "a", label = "A" } } } });
        var duplicateOption = await ws.GraphQL.QueryAsync(
            "mutation ($id: ID!) { addCustomFieldOption(input: {fieldId: $id, key: \"it\", label: \"IT again\"}) { field { key } errors { __typename ... on ValidationError { field message } } } }", new { id = branche });
        var catalog = await ws.GraphQL.QueryAsync("{ customFields(includeArchived: true) { key options { key } } }");

        Assert.Equal("""{"createCustomField":{"field":null,"errors":[{"__typename":"ValidationError","field":"key","message":"The workspace already has a custom field 'branche'."}]}}""", duplicate.GetRawText());
        Assert.Equal("""{"createCustomField":{"field":null,"errors":[{"__typename":"ValidationError","field":"key","message":"'Meine Branche' is not a key: use a-z, 0-9, '-' and '_', starting with a letter."}]}}""", badKey.GetRawText());
        Assert.Equal("""{"createCustomField":{"field":null,"errors":[{"__typename":"ValidationError","field":"options[1].key","message":"The field 'farbe' already has an option 'rot'."}]}}""", badOption.GetRawText());
        Assert.Equal("""{"createCustomField":{"field":null,"errors":[{"__typename":"ValidationError","field":"options[0].key","message":"The field 'notiz' is of type Text and has no options."}]}}""", optionOnText.GetRawText());
        Assert.Equal("""{"addCustomFieldOption":{"field":null,"errors":[{"__typename":"ValidationError","field":"key","message":"The field 'branche' already has an option 'it'."}]}}""", duplicateOption.GetRawText());
        Assert.Equal("""{"customFields":[{"key":"branche","options":[{"key":"it"}]}]}""", catalog.GetRawText());
    }

    [SkippableFact]
    public async Task Only_admins_manage_the_catalog_while_readers_see_it()
    {
        api.SkipIfUnavailable();
        var email = $"plain-{Guid.NewGuid():N}@example.test";
        await api.CreateMemberAsync(api.DemoWorkspaceId, email, "the plain password");
        using var browser = await api.BrowserAsync(api.DemoWorkspaceId);
        var plainMember = new GraphQLClient(api.WithToken((await browser.SignInAsync(email, "the plain password")).AccessToken));
        var reader = await api.CreateClientAsync(api.DemoWorkspaceId, [AuthScopes.ContactsRead, AuthScopes.ContactsWrite]);
        var readerClient = new GraphQLClient(api.WithToken(await api.TokenAsync(reader)));
        var key = "f" + Guid.NewGuid().ToString("N")[..10];
        var input = new { input = new { key, label = "Should not exist", type = "TEXT" } };
        const string create = "mutation ($input: CreateCustomFieldInput!) { createCustomField(input: $input) { field { key } errors { __typename } } }";

        var byMember = await plainMember.SendAsync(create, input);
        var byReader = await readerClient.SendAsync(create, input);
        var read = await readerClient.QueryAsync("{ customFields(includeArchived: true) { key } }");

        Assert.Equal((HttpStatusCode.Forbidden, "AUTH_NOT_AUTHORIZED"), (byMember.Status, byMember.FirstErrorCode));
        Assert.Equal((HttpStatusCode.Forbidden, "AUTH_NOT_AUTHORIZED"), (byReader.Status, byReader.FirstErrorCode));
        Assert.DoesNotContain(key, read.GetProperty("customFields").Strings("key"));
    }

    [SkippableFact]
    public async Task Contacts_set_change_and_clear_a_value_of_each_type()
    {
        api.SkipIfUnavailable();
        var ws = await PrivacyTestKit.NewWorkspaceAsync(api);
        await AllTypesAsync(ws.GraphQL);

        var created = await CustomFieldKit.CreateAsync(ws.GraphQL, "Alle",
            new { key = "notiz", text = "  kennt uns von der Messe " }, new { key = "umsatz", number = 1234.56 }, new { key = "gruendung", date = "1999-12-31" },
            new { key = "newsletter", boolean = true }, new { key = "branche", options = new[] { "it" } }, new { key = "interessen", options = new[] { "webinar", "messe", "webinar" } });
        var id = (await ws.GraphQL.QueryAsync("{ contacts(where: {lastName: {eq: \"Alle\"}}) { nodes { id } } }")).GetProperty("contacts").GetProperty("nodes")[0].GetProperty("id").GetString()!;
        var changed = await CustomFieldKit.UpdateAsync(ws.GraphQL, id, new { key = "umsatz", number = -5 }, new { key = "newsletter", boolean = false }, new { key = "interessen", options = new[] { "newsletter" } });
        var cleared = await CustomFieldKit.UpdateAsync(ws.GraphQL, id, new { key = "notiz", text = (string?)null }, new { key = "umsatz" }, new { key = "gruendung" },
            new { key = "newsletter" }, new { key = "branche", options = Array.Empty<string>() }, new { key = "interessen", options = (string[]?)null });

        Assert.Equal(
            """{"createContact":{"contact":{"lastName":"Alle","customFields":["""
            + """{"field":{"key":"notiz"},"text":"kennt uns von der Messe","number":null,"date":null,"boolean":null,"options":[]},"""
            + """{"field":{"key":"umsatz"},"text":null,"number":1234.56,"date":null,"boolean":null,"options":[]},"""
            + """{"field":{"key":"gruendung"},"text":null,"number":null,"date":"1999-12-31","boolean":null,"options":[]},"""
            + """{"field":{"key":"newsletter"},"text":null,"number":null,"date":null,"boolean":true,"options":[]},"""
            + """{"field":{"key":"branche"},"text":null,"number":null,"date":null,"boolean":null,"options":[{"key":"it"}]},"""
            + """{"field":{"key":"interessen"},"text":null,"number":null,"date":null,"boolean":null,"options":[{"key":"messe"},{"key":"webinar"}]}]},"errors":null}}""",
            created.GetRawText());
        Assert.Equal(
            """{"updateContact":{"contact":{"customFields":["""
            + """{"field":{"key":"notiz"},"text":"kennt uns von der Messe","number":null,"date":null,"boolean":null,"options":[]},"""
            + """{"field":{"key":"umsatz"},"text":null,"number":-5,"date":null,"boolean":null,"options":[]},"""
            + """{"field":{"key":"gruendung"},"text":null,"number":null,"date":"1999-12-31","boolean":null,"options":[]},"""
            + """{"field":{"key":"newsletter"},"text":null,"number":null,"date":null,"boolean":false,"options":[]},"""
            + """{"field":{"key":"branche"},"text":null,"number":null,"date":null,"boolean":null,"options":[{"key":"it"}]},"""
            + """{"field":{"key":"interessen"},"text":null,"number":null,"date":null,"boolean":null,"options":[{"key":"newsletter"}]}]},"errors":null}}""",
            changed.GetRawText());
        Assert.Equal("""{"updateContact":{"contact":{"customFields":[]},"errors":null}}""", cleared.GetRawText());
        Assert.Equal(0, await PrivacyTestKit.InWorkspaceAsync(api, ws.Id, db => db.CustomFieldValueOptions.CountAsync()));
    }

    [SkippableFact]
    public async Task Values_are_checked_against_type_options_archive_and_required_with_the_path_of_the_bad_value()
    {
        api.SkipIfUnavailable();
        var ws = await PrivacyTestKit.NewWorkspaceAsync(api);
        var fields = await AllTypesAsync(ws.GraphQL);
        var contact = await CustomFieldKit.PersonAsync(ws.GraphQL, "Kept", "m", new { key = "branche", options = new[] { "handel" } });
        var options = (await ws.GraphQL.QueryAsync("{ customFields { key options { id key } } }")).GetProperty("customFields").EnumerateArray()
            .SelectMany(f => f.GetProperty("options").EnumerateArray()).ToDictionary(o => o.GetProperty("key").GetString()!, o => o.GetProperty("id").GetString()!);
        await ws.GraphQL.MutateAsync("mutation ($id: ID!) { archiveCustomFieldOption(input: {id: $id}) { field { key } errors { __typename } } }", "archiveCustomFieldOption", "field", new { id = options["handel"] });

        var wrongType = await CustomFieldKit.CreateAsync(ws.GraphQL, "X", new { key = "notiz", text = "ok" }, new { key = "umsatz", text = "viel" });
        var unknownKey = await CustomFieldKit.CreateAsync(ws.GraphQL, "X", new { key = "farbe", text = "rot" });
        var twice = await CustomFieldKit.CreateAsync(ws.GraphQL, "X", new { key = "notiz", text = "a" }, new { key = "notiz", text = "b" });
        var unknownOption = await CustomFieldKit.CreateAsync(ws.GraphQL, "X", new { key = "branche", options = new[] { "bau" } });
        var twoOfPickList = await CustomFieldKit.CreateAsync(ws.GraphQL, "X", new { key = "branche", options = new[] { "it", "medien" } });
        var archivedOption = await CustomFieldKit.CreateAsync(ws.GraphQL, "X", new { key = "branche", options = new[] { "handel" } });
        var tooLong = await CustomFieldKit.CreateAsync(ws.GraphQL, "X", new { key = "notiz", text = new string('x', 1001) });
        var keptArchived = await CustomFieldKit.UpdateAsync(ws.GraphQL, contact, new { key = "branche", options = new[] { "handel" } }, new { key = "notiz", text = "still here" });

        await ws.GraphQL.MutateAsync("mutation ($input: UpdateCustomFieldInput!) { updateCustomField(input: $input) { field { key } errors { __typename } } }",
            "updateCustomField", "field", new { input = new { id = fields["umsatz"], required = true } });
        await ws.GraphQL.MutateAsync("mutation ($id: ID!) { archiveCustomField(input: {id: $id}) { field { key } errors { __typename } } }", "archiveCustomField", "field", new { id = fields["notiz"] });
        var missingRequired = await CustomFieldKit.CreateAsync(ws.GraphQL, "X");
        var withRequired = await CustomFieldKit.CreateAsync(ws.GraphQL, "Y", new { key = "umsatz", number = 1 });
        var archivedField = await CustomFieldKit.UpdateAsync(ws.GraphQL, contact, new { key = "notiz", text = "new text" });
        var clearArchived = await CustomFieldKit.UpdateAsync(ws.GraphQL, contact, new { key = "notiz" });
        var yId = (await ws.GraphQL.QueryAsync("{ contacts(where: {lastName: {eq: \"Y\"}}) { nodes { id } } }")).GetProperty("contacts").GetProperty("nodes")[0].GetProperty("id").GetString()!;
        var clearRequired = await CustomFieldKit.UpdateAsync(ws.GraphQL, yId, new { key = "umsatz", number = (double?)null });

        static string Refused(string mutation, string field, string message) =>
            $$$"""{"{{{mutation}}}":{"contact":null,"errors":[{"__typename":"ValidationError","field":"{{{field}}}","message":"{{{message}}}"}]}}""";
        Assert.Equal(Refused("createContact", "customFields[1].value", "'umsatz' is a Number field: give number, not text."), wrongType.GetRawText());
        Assert.Equal(Refused("createContact", "customFields[0].key", "No custom field 'farbe' exists."), unknownKey.GetRawText());
        Assert.Equal(Refused("createContact", "customFields[1].key", "The custom field 'notiz' is named twice."), twice.GetRawText());
        Assert.Equal(Refused("createContact", "customFields[0].value", "'branche' has no option 'bau'. Options: it, medien."), unknownOption.GetRawText());
        Assert.Equal(Refused("createContact", "customFields[0].value", "'branche' is a pick list: choose one option, not 2."), twoOfPickList.GetRawText());
        Assert.Equal(Refused("createContact", "customFields[0].value", "The option 'handel' of 'branche' is archived and cannot be chosen any more."), archivedOption.GetRawText());
        Assert.Equal(Refused("createContact", "customFields[0].value", "customFields[0].value must be at most 1000 characters long."), tooLong.GetRawText());
        Assert.Equal(
            """{"updateContact":{"contact":{"customFields":[{"field":{"key":"notiz"},"text":"still here","number":null,"date":null,"boolean":null,"options":[]},"""
            + """{"field":{"key":"branche"},"text":null,"number":null,"date":null,"boolean":null,"options":[{"key":"handel"}]}]},"errors":null}}""",
            keptArchived.GetRawText());
        Assert.Equal(Refused("createContact", "customFields", "The custom field 'umsatz' is required."), missingRequired.GetRawText());
        Assert.Equal("""{"createContact":{"contact":{"lastName":"Y","customFields":[{"field":{"key":"umsatz"},"text":null,"number":1,"date":null,"boolean":null,"options":[]}]},"errors":null}}""", withRequired.GetRawText());
        Assert.Equal(Refused("updateContact", "customFields[0].value", "The custom field 'notiz' is archived and takes no new values."), archivedField.GetRawText());
        Assert.Equal(
            """{"updateContact":{"contact":{"customFields":[{"field":{"key":"branche"},"text":null,"number":null,"date":null,"boolean":null,"options":[{"key":"handel"}]}]},"errors":null}}""",
            clearArchived.GetRawText());
        Assert.Equal(Refused("updateContact", "customFields[0].value", "The custom field 'umsatz' is required and cannot be cleared."), clearRequired.GetRawText());
        Assert.Equal(2, (await ws.GraphQL.QueryAsync("{ contacts { totalCount } }")).GetProperty("contacts").GetProperty("totalCount").GetInt32());
    }

    [SkippableFact]
    public async Task Contacts_are_filtered_through_where_and_ordered_by_a_custom_field()
    {
        api.SkipIfUnavailable();
        var ws = await PrivacyTestKit.NewWorkspaceAsync(api);
        await AllTypesAsync(ws.GraphQL);
        await CustomFieldKit.PersonAsync(ws.GraphQL, "Anton", "m", new { key = "umsatz", number = 500 }, new { key = "branche", options = new[] { "medien" } },
            new { key = "interessen", options = new[] { "messe", "webinar" } }, new { key = "gruendung", date = "2001-05-01" }, new { key = "notiz", text = "b" });
        await CustomFieldKit.PersonAsync(ws.GraphQL, "Berta", "m", new { key = "umsatz", number = 1500.5 }, new { key = "branche", options = new[] { "it" } },
            new { key = "interessen", options = new[] { "newsletter" } }, new { key = "gruendung", date = "1999-01-01" }, new { key = "notiz", text = "a" });
        await CustomFieldKit.PersonAsync(ws.GraphQL, "Carl", "m", new { key = "umsatz", number = 20 }, new { key = "newsletter", boolean = true });
        await CustomFieldKit.PersonAsync(ws.GraphQL, "Dora", "m");

        async Task<string> Names(object? where = null, object? by = null, object? order = null) =>
            string.Join(",", (await ws.GraphQL.QueryAsync(
                    "query ($w: ContactFilterInput, $by: CustomFieldOrderInput, $o: [ContactSortInput!]) { contacts(where: $w, orderByCustomField: $by, order: $o) { nodes { lastName } } }",
                    new { w = where, by, o = order }))
                .GetProperty("contacts").GetProperty("nodes").Strings("lastName"));
        static object Some(string key, object condition) =>
            new { customFieldValues = new { some = new Dictionary<string, object> { ["field"] = new { key = new { eq = key } } }.Concat(Props(condition)).ToDictionary() } };
        static Dictionary<string, object> Props(object o) => o.GetType().GetProperties().ToDictionary(p => p.Name, p => p.GetValue(o)!);

        Assert.Equal("Anton,Berta", await Names(Some("umsatz", new { number = new { gte = 100 } })));
        Assert.Equal("Berta", await Names(Some("branche", new { options = new { some = new { option = new { key = new { eq = "it" } } } } })));
        Assert.Equal("Anton,Berta", await Names(Some("interessen", new { options = new { some = new { option = new { key = new { @in = new[] { "messe", "newsletter" } } } } } })));
        Assert.Equal("Anton", await Names(Some("gruendung", new { date = new { gt = "2000-01-01" } })));
        Assert.Equal("Carl", await Names(Some("newsletter", new { boolean = new { eq = true } })));
        Assert.Equal("Carl,Dora", await Names(new { customFieldValues = new { none = new { field = new { key = new { eq = "branche" } } } } }));
        Assert.Equal("Berta,Anton,Carl,Dora", await Names(by: new { key = "umsatz", direction = "DESC" }));
        Assert.Equal("Carl,Anton,Berta,Dora", await Names(by: new { key = "umsatz" }));
        Assert.Equal("Berta,Anton,Carl,Dora", await Names(by: new { key = "gruendung" }));
        Assert.Equal("Berta,Anton,Carl,Dora", await Names(by: new { key = "notiz" }));
        Assert.Equal("Berta,Anton,Dora,Carl", await Names(by: new { key = "branche" }, order: new[] { new { lastName = "DESC" } }));
        Assert.Equal("Anton,Berta,Carl,Dora", await Names(by: new { key = "interessen" }));

        var unknown = await ws.GraphQL.SendAsync("{ contacts(orderByCustomField: {key: \"farbe\"}) { nodes { id } } }");
        Assert.Equal("Invalid order at orderByCustomField.key: No custom field 'farbe' exists.", unknown.FirstErrorMessage);
    }

    [SkippableFact]
    public async Task A_page_of_contacts_with_their_custom_fields_runs_a_fixed_number_of_statements()
    {
        api.SkipIfUnavailable();
        var ws = await PrivacyTestKit.NewWorkspaceAsync(api);
        await AllTypesAsync(ws.GraphQL);
        for (var i = 0; i < 30; i++)
        {
            await CustomFieldKit.PersonAsync(ws.GraphQL, $"Person {i:D2}", "m", new { key = "notiz", text = $"Nr. {i}" }, new { key = "interessen", options = new[] { "messe", "webinar" } });
        }

        const string page = $"query ($first: Int!) {{ contacts(first: $first, order: [{{lastName: ASC}}]) {{ nodes {{ lastName {CustomFieldKit.ValuesSelection} }} }} }}";
        api.Statements.Reset();
        var small = await ws.GraphQL.QueryAsync(page, new { first = 2 });
        var smallCount = api.Statements.Count;
        api.Statements.Reset();
        var large = await ws.GraphQL.QueryAsync(page, new { first = 30 });
        var largeCount = api.Statements.Count;

        // Token entry, page, catalog, values with their options.
        Assert.Equal(4, smallCount);
        Assert.Equal(smallCount, largeCount);
        Assert.Equal(30, large.GetProperty("contacts").GetProperty("nodes").GetArrayLength());
        Assert.Equal(
            """{"contacts":{"nodes":[{"lastName":"Person 00","customFields":[{"field":{"key":"notiz"},"text":"Nr. 0","number":null,"date":null,"boolean":null,"options":[]},"""
            + """{"field":{"key":"interessen"},"text":null,"number":null,"date":null,"boolean":null,"options":[{"key":"messe"},{"key":"webinar"}]}]},"""
            + """{"lastName":"Person 01","customFields":[{"field":{"key":"notiz"},"text":"Nr. 1","number":null,"date":null,"boolean":null,"options":[]},"""
            + """{"field":{"key":"interessen"},"text":null,"number":null,"date":null,"boolean":null,"options":[{"key":"messe"},{"key":"webinar"}]}]}]}}""",
            small.GetRawText());
    }

    [SkippableFact]
    public async Task Another_workspace_neither_sees_nor_uses_the_fields_and_deleting_a_contact_deletes_its_values()
    {
        api.SkipIfUnavailable();
        var ws = await PrivacyTestKit.NewWorkspaceAsync(api);
        var other = await PrivacyTestKit.NewWorkspaceAsync(api);
        var fields = await AllTypesAsync(ws.GraphQL);
        var contact = await CustomFieldKit.PersonAsync(ws.GraphQL, "Mine", "m", new { key = "notiz", text = "secret" }, new { key = "interessen", options = new[] { "messe" } });

        var catalog = await other.GraphQL.QueryAsync("{ customFields(includeArchived: true) { key } }");
        var byKey = await CustomFieldKit.CreateAsync(other.GraphQL, "Theirs", new { key = "notiz", text = "x" });
        var archive = await other.GraphQL.QueryAsync("mutation ($id: ID!) { archiveCustomField(input: {id: $id}) { field { key } errors { __typename } } }", new { id = fields["notiz"] });
        var node = await other.GraphQL.QueryAsync("query ($id: ID!) { node(id: $id) { id } }", new { id = fields["notiz"] });
        await ws.GraphQL.MutateAsync("mutation ($id: ID!) { deleteContact(input: {id: $id}) { contact { id } errors { __typename } } }", "deleteContact", "contact", new { id = contact });
        var left = await PrivacyTestKit.InWorkspaceAsync(api, ws.Id, async db => (await db.CustomFieldValues.CountAsync(), await db.CustomFieldValueOptions.CountAsync(), await db.CustomFields.CountAsync()));

        Assert.Equal("""{"customFields":[]}""", catalog.GetRawText());
        Assert.Equal("""{"createContact":{"contact":null,"errors":[{"__typename":"ValidationError","field":"customFields[0].key","message":"No custom field 'notiz' exists."}]}}""", byKey.GetRawText());
        Assert.Equal("""{"archiveCustomField":{"field":null,"errors":[{"__typename":"NotFoundError"}]}}""", archive.GetRawText());
        Assert.Equal("""{"node":null}""", node.GetRawText());
        Assert.Equal((0, 0, 6), left);
    }

    /// <summary>One field of each type; returns their IDs by key.</summary>
    internal static async Task<Dictionary<string, string>> AllTypesAsync(GraphQLClient graphQL) => new()
    {
        ["notiz"] = await CustomFieldKit.FieldAsync(graphQL, "notiz", "Notiz", "TEXT"),
        ["umsatz"] = await CustomFieldKit.FieldAsync(graphQL, "umsatz", "Umsatz", "NUMBER"),
        ["gruendung"] = await CustomFieldKit.FieldAsync(graphQL, "gruendung", "Gründung", "DATE"),
        ["newsletter"] = await CustomFieldKit.FieldAsync(graphQL, "newsletter", "Newsletter", "BOOLEAN"),
        ["branche"] = await CustomFieldKit.FieldAsync(graphQL, "branche", "Branche", "PICK_LIST", false, ("it", "IT"), ("medien", "Medien"), ("handel", "Handel")),
        ["interessen"] = await CustomFieldKit.FieldAsync(graphQL, "interessen", "Interessen", "MULTI_PICK_LIST", false, ("messe", "Messe"), ("webinar", "Webinar"), ("newsletter", "Newsletter")),
    };
}

public sealed class SqliteCustomFieldTests(SqliteApi api) : CustomFieldTests(api), IClassFixture<SqliteApi>;

public sealed class PostgreSqlCustomFieldTests(PostgresApi api) : CustomFieldTests(api), IClassFixture<PostgresApi>;
