using ContactBox.Api.GraphQL;
using ContactBox.Api.GraphQL.Authorization;
using ContactBox.Api.GraphQL.DataLoading;
using ContactBox.Api.GraphQL.Paging;
using ContactBox.Api.GraphQL.Sorting;
using ContactBox.Domain.Appointments;
using ContactBox.Domain.Auth;
using ContactBox.Infrastructure.Persistence;
using GraphQL.Types;

namespace ContactBox.Api.Appointments;

public static class AppointmentQueries
{
    public static void Add(ObjectGraphType query, SchemaKit kit) =>
        query.Connection(kit, "appointments", "Appointments", typeof(AppointmentType),
                c => c.Db().Appointments,
                SortKey.Asc((Appointment a) => a.StartsAt))
            .Description("Appointments of the workspace, earliest first unless ordered otherwise; filter by startsAt for a calendar range.")
            .RequireScopes(AuthScopes.ContactsRead);
}
