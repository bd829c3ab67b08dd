using ContactBox.Api.Tests.Support;

namespace ContactBox.Api.Tests.Appointments;

public abstract class AppointmentTests(ApiHost api)
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
        mutation ($input: CreateAppointmentInput!) {
          createAppointment(input: $input) {
            appointment { id title location startsAt endsAt timeZone isAllDay status organizer { name } participants { lastName } }
            errors { __typename ... on Error { message } ... on ValidationError { field } ... on NotFoundError { field } }
          }
        }
        """;

    [SkippableFact]
    public async Task An_appointment_keeps_its_time_zone_and_participants()
    {
        var data = new TestData(GraphQL);
        var a = await data.PersonIdAsync("Ada", "Zett");
        var b = await data.PersonIdAsync("Ben", "Ypsilon");
        var organizerId = await data.DemoAdminIdAsync();

        var created = await GraphQL.MutateAsync(Create, "createAppointment", "appointment", new
        {
            input = new { title = "Jahresgespräch", location = "Büro München", startsAt = "2026-07-01T08:00:00Z", endsAt = "2026-07-01T09:30:00Z", timeZone = "Europe/Berlin", participantIds = new[] { a, b, a }, organizerId },
        });

        Assert.Equal(
            """{"title":"Jahresgespräch","location":"Büro München","startsAt":"2026-07-01T10:00:00+02:00","endsAt":"2026-07-01T11:30:00+02:00","timeZone":"Europe/Berlin","isAllDay":false,"status":"SCHEDULED","organizer":{"name":"Demo Admin"},"participants":[{"lastName":"Zett"},{"lastName":"Ypsilon"}]}""",
            created.GetRawText().Replace($"\"id\":\"{created.GetProperty("id").GetString()}\",", "", StringComparison.Ordinal));
        var ofContact = await GraphQL.QueryAsync("query ($id: ID!) { contact(id: $id) { appointments { title } } }", new { id = a });
        Assert.Equal("""{"contact":{"appointments":[{"title":"Jahresgespräch"}]}}""", ofContact.GetRawText());
    }

    [SkippableFact]
    public async Task Rescheduling_and_cancelling_are_kept_and_a_cancelled_appointment_is_frozen()
    {
        var id = (await GraphQL.MutateAsync(Create, "createAppointment", "appointment", new
        {
            input = new { title = "Termin", startsAt = "2026-08-01T08:00:00Z", endsAt = "2026-08-01T09:00:00Z" },
        })).GetProperty("id").GetString();

        var moved = await GraphQL.MutateAsync(
            "mutation ($id: ID!) { updateAppointment(input: {id: $id, startsAt: \"2026-08-02T08:00:00Z\", endsAt: \"2026-08-02T10:00:00Z\"}) { appointment { startsAt endsAt } errors { __typename } } }",
            "updateAppointment", "appointment", new { id });
        var cancelled = await GraphQL.MutateAsync(
            "mutation ($id: ID!) { cancelAppointment(input: {id: $id}) { appointment { status } errors { __typename } } }", "cancelAppointment", "appointment", new { id });
        var again = await GraphQL.QueryAsync(
            "mutation ($id: ID!) { updateAppointment(input: {id: $id, title: \"Neu\"}) { appointment { id } errors { __typename ... on ValidationError { field message } } } }", new { id });

        Assert.Equal("""{"startsAt":"2026-08-02T10:00:00+02:00","endsAt":"2026-08-02T12:00:00+02:00"}""", moved.GetRawText());
        Assert.Equal("""{"status":"CANCELLED"}""", cancelled.GetRawText());
        Assert.Equal("""{"appointment":null,"errors":[{"__typename":"ValidationError","field":"id","message":"The appointment is cancelled and can no longer be changed."}]}""", again.GetProperty("updateAppointment").GetRawText());
    }

    [SkippableFact]
    public async Task Bad_times_zones_and_participants_are_refused()
    {
        var ghost = Convert.ToBase64String("Contact:0195f8a2c3d44b7f8a1b2c3d4e5f6a7b"u8);

        var backwards = await GraphQL.QueryAsync(Create, new { input = new { title = "x", startsAt = "2026-08-01T10:00:00Z", endsAt = "2026-08-01T09:00:00Z" } });
        var zone = await GraphQL.QueryAsync(Create, new { input = new { title = "x", startsAt = "2026-08-01T10:00:00Z", endsAt = "2026-08-01T11:00:00Z", timeZone = "Mars/Olympus" } });
        var nobody = await GraphQL.QueryAsync(Create, new { input = new { title = "x", startsAt = "2026-08-01T10:00:00Z", endsAt = "2026-08-01T11:00:00Z", participantIds = new[] { ghost } } });

        Assert.Equal("""[{"__typename":"ValidationError","message":"endsAt must not lie before startsAt.","field":"endsAt"}]""", backwards.GetProperty("createAppointment").GetProperty("errors").GetRawText());
        Assert.Equal("""[{"__typename":"ValidationError","message":"'Mars/Olympus' is not a known IANA time zone such as Europe/Berlin.","field":"timeZone"}]""", zone.GetProperty("createAppointment").GetProperty("errors").GetRawText());
        Assert.Equal("""[{"__typename":"NotFoundError","message":"No Contact with the ID given for participantIds exists.","field":"participantIds"}]""", nobody.GetProperty("createAppointment").GetProperty("errors").GetRawText());
    }

    [SkippableFact]
    public async Task Appointments_are_listed_by_start_within_a_range()
    {
        var marker = Guid.NewGuid().ToString("N");
        foreach (var day in new[] { 12, 10, 11 })
        {
            await GraphQL.MutateAsync(Create, "createAppointment", "appointment", new
            {
                input = new { title = $"{marker} {day}", startsAt = $"2027-01-{day}T08:00:00Z", endsAt = $"2027-01-{day}T09:00:00Z" },
            });
        }

        var range = await GraphQL.QueryAsync(
            "query ($m: String!) { appointments(where: {title: {startsWith: $m}, startsAt: {gte: \"2027-01-10T12:00:00+01:00\", lt: \"2027-01-12T00:00:00Z\"}}) { nodes { title } } }",
            new { m = marker });

        Assert.Equal([$"{marker} 11"], range.GetProperty("appointments").GetProperty("nodes").Strings("title"));
    }
}

public sealed class SqliteAppointmentTests(SqliteApi api) : AppointmentTests(api), IClassFixture<SqliteApi>;

public sealed class PostgreSqlAppointmentTests(PostgresApi api) : AppointmentTests(api), IClassFixture<PostgresApi>;
