using ContactBox.Api.GraphQL.Scalars;
using GraphQL.Types;

namespace ContactBox.Api.GraphQL;

public sealed class ContactBoxSchema : Schema
{
    public ContactBoxSchema(IServiceProvider services, QueryType query, MutationType mutation)
        : base(services)
    {
        Query = query;
        Mutation = mutation;
        RegisterTypeMapping(typeof(DateTimeOffset), typeof(DateTimeType));
        RegisterTypeMapping(typeof(DateOnly), typeof(DateType));
    }
}

/// <summary>The root query type; each feature adds its fields.</summary>
public sealed class QueryType : ObjectGraphType
{
    public QueryType(SchemaKit kit, ContactBox.Api.GraphQL.Relay.NodeRegistry nodes)
    {
        Name = "Query";
        ContactBox.Api.GraphQL.Relay.NodeQueries.AddNodeFields(this, nodes);
        ContactBox.Api.Members.MemberQueries.Add(this, kit);
        ContactBox.Api.Contacts.ContactQueries.Add(this, kit);
        ContactBox.Api.Appointments.AppointmentQueries.Add(this, kit);
        ContactBox.Api.FollowUps.FollowUpQueries.Add(this, kit);
    }
}

/// <summary>The root mutation type; each feature adds its mutations.</summary>
public sealed class MutationType : ObjectGraphType
{
    public MutationType(SchemaKit kit)
    {
        Name = "Mutation";
        ContactBox.Api.Contacts.ContactMutations.Add(this, kit);
        ContactBox.Api.Timeline.TimelineMutations.Add(this, kit);
        ContactBox.Api.Appointments.AppointmentMutations.Add(this, kit);
        ContactBox.Api.FollowUps.FollowUpMutations.Add(this, kit);
    }
}
