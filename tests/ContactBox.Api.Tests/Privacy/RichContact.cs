using ContactBox.Api.Tests.Support;

namespace ContactBox.Api.Tests.Privacy;

/// <summary>A contact with something in every place an access report and an erasure must reach.</summary>
internal sealed record RichContact(string Id, string EmployerId, string LastName, string Email)
{
    public static async Task<RichContact> CreateAsync(GraphQLClient graphQL, string lastName, string email)
    {
        const string create = "mutation ($input: CreateContactInput!) { createContact(input: $input) { contact { id } errors { __typename ... on Error { message } } } }";
        var employerId = (await graphQL.MutateAsync(create, "createContact", "contact",
            new { input = new { kind = "ORGANIZATION", organizationName = "Muster Maschinenbau GmbH" } })).GetProperty("id").GetString()!;
        var id = (await graphQL.MutateAsync(create, "createContact", "contact", new
        {
            input = new
            {
                kind = "PERSON",
                salutation = "MS",
                title = "Dr.",
                firstName = "Erika",
                lastName,
                jobTitle = "Head of Purchasing",
                website = "https://erika.example.org",
                birthday = "1980-02-29",
                employerId,
                emails = new[] { new { address = email, label = "work", isPrimary = true } },
                phones = new[] { new { number = "+49 30 1234567", label = "mobile", isPrimary = true } },
                addresses = new[] { new { label = "home", street = "Hauptstraße 1", postalCode = "10115", city = "Berlin", region = (string?)null, country = "DE" } },
                tags = new[] { "VIP" },
            },
        })).GetProperty("id").GetString()!;

        const string timeline = "mutation ($input: AddTimelineEntryInput!) { addTimelineEntry(input: $input) { timelineEntry { id } errors { __typename } } }";
        await graphQL.MutateAsync(timeline, "addTimelineEntry", "timelineEntry",
            new { input = new { contactId = id, kind = "NOTE", subject = "Met at the fair", body = $"Erika {lastName} wants a demo.", occurredAt = "2026-04-22T11:00:00Z" } });
        await graphQL.MutateAsync(timeline, "addTimelineEntry", "timelineEntry",
            new { input = new { contactId = id, kind = "CALL", direction = "INBOUND", subject = "Asked for prices", occurredAt = "2026-04-24T09:30:00Z" } });
        await graphQL.MutateAsync(
            "mutation ($input: CreateAppointmentInput!) { createAppointment(input: $input) { appointment { id } errors { __typename ... on Error { message } } } }",
            "createAppointment", "appointment",
            new { input = new { title = "Product demo", location = "Berlin office", startsAt = "2026-05-05T08:00:00Z", endsAt = "2026-05-05T09:00:00Z", participantIds = new[] { id } } });
        await graphQL.MutateAsync(
            "mutation ($input: CreateFollowUpInput!) { createFollowUp(input: $input) { followUp { id } errors { __typename ... on Error { message } } } }",
            "createFollowUp", "followUp",
            new { input = new { contactId = id, dueAt = "2026-05-10T08:00:00Z", subject = "Send the offer", note = $"Offer for {lastName}" } });

        await CustomFields.CustomFieldKit.FieldAsync(graphQL, "notiz", "Notiz", "TEXT");
        await CustomFields.CustomFieldKit.FieldAsync(graphQL, "interessen", "Interessen", "MULTI_PICK_LIST", false, ("messe", "Messe"), ("webinar", "Webinar"));
        var version = (await graphQL.QueryAsync("query ($id: ID!) { contact(id: $id) { version } }", new { id })).GetProperty("contact").GetProperty("version").GetInt32();
        await graphQL.MutateAsync("mutation ($input: UpdateContactInput!) { updateContact(input: $input) { contact { id } errors { __typename } } }", "updateContact", "contact",
            new { input = new { id, version, customFields = new object[] { new { key = "notiz", text = $"{lastName} kennt uns von der Messe" }, new { key = "interessen", options = new[] { "webinar", "messe" } } } } });

        var newsletter = await PrivacyTestKit.PurposeAsync(graphQL, "Newsletter", "CONSENT", 30, "contact details");
        var orders = await PrivacyTestKit.PurposeAsync(graphQL, "Orders", "CONTRACT", 3650, "contact details", "correspondence");
        var fair = await PrivacyTestKit.SourceTypeAsync(graphQL, "Trade fair");
        await graphQL.MutateAsync("mutation ($input: SetContactSourceInput!) { setContactSource(input: $input) { contact { id } errors { __typename } } }",
            "setContactSource", "contact", new { input = new { contactId = id, typeId = fair, detail = $"Business card of {lastName}", date = "2026-04-22" } });
        var consent = await PrivacyTestKit.AssignAsync(graphQL, new
        {
            contactId = id,
            purposeId = newsletter,
            consent = new { givenAt = "2026-04-22T11:05:00Z", evidence = $"Form signed by {lastName}", validUntil = "2028-04-22T00:00:00Z" },
        });
        await PrivacyTestKit.AssignAsync(graphQL, new { contactId = id, purposeId = orders });
        await graphQL.MutateAsync(
            "mutation ($id: ID!) { withdrawConsent(input: {id: $id, withdrawnAt: \"2026-06-01T00:00:00Z\", evidence: \"Unsubscribe link\"}) { purposeAssignment { id } errors { __typename } } }",
            "withdrawConsent", "purposeAssignment", new { id = consent.GetProperty("id").GetString() });
        await graphQL.MutateAsync(
            "mutation ($c: ID!) { setProcessingRestriction(input: {contactId: $c, restricted: true, since: \"2026-06-02T00:00:00Z\", reason: \"Accuracy contested\"}) { contact { id } errors { __typename } } }",
            "setProcessingRestriction", "contact", new { c = id });
        await graphQL.MutateAsync(
            "mutation ($c: ID!) { setMarketingObjection(input: {contactId: $c, objected: true, since: \"2026-06-03T00:00:00Z\"}) { contact { id } errors { __typename } } }",
            "setMarketingObjection", "contact", new { c = id });
        return new RichContact(id, employerId, lastName, email);
    }
}
