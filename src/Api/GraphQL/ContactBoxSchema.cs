using ContactBox.Api.Appointments;
using ContactBox.Api.Contacts;
using ContactBox.Api.FollowUps;
using ContactBox.Api.GraphQL.Relay;
using ContactBox.Api.GraphQL.Scalars;
using ContactBox.Api.Members;
using ContactBox.Api.Timeline;
using GraphQL;
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

        // Introspection is bounded by the depth limit; its cost would otherwise refuse the explorer's schema query.
        this.WithIntrospectionComplexityImpact(0);
    }
}

/// <summary>The root query type; each feature adds its fields.</summary>
public sealed class QueryType : ObjectGraphType
{
    public QueryType(SchemaKit kit, NodeRegistry nodes)
    {
        Name = "Query";
        NodeQueries.AddNodeFields(this, nodes);
        MemberQueries.Add(this, kit);
        ContactQueries.Add(this, kit);
        AppointmentQueries.Add(this, kit);
        FollowUpQueries.Add(this, kit);
    }
}

/// <summary>The root mutation type; each feature adds its mutations.</summary>
public sealed class MutationType : ObjectGraphType
{
    public MutationType(SchemaKit kit)
    {
        Name = "Mutation";
        ContactMutations.Add(this, kit);
        TimelineMutations.Add(this, kit);
        AppointmentMutations.Add(this, kit);
        FollowUpMutations.Add(this, kit);
    }
}
