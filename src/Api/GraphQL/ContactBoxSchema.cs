using ContactBox.Api.Appointments;
using ContactBox.Api.Attachments;
using ContactBox.Api.Auth;
using ContactBox.Api.Contacts;
using ContactBox.Api.FollowUps;
using ContactBox.Api.GraphQL.Authorization;
using ContactBox.Api.GraphQL.Relay;
using ContactBox.Api.GraphQL.Scalars;
using ContactBox.Api.Members;
using ContactBox.Api.Realtime;
using ContactBox.Api.Timeline;
using GraphQL;
using GraphQL.Types;

namespace ContactBox.Api.GraphQL;

public sealed class ContactBoxSchema : Schema
{
    public ContactBoxSchema(IServiceProvider services, QueryType query, MutationType mutation, SubscriptionType subscription)
        : base(services)
    {
        Query = query;
        Mutation = mutation;
        Subscription = subscription;
        RequireAccessDeclarations(query, mutation, subscription);
        RegisterTypeMapping(typeof(DateTimeOffset), typeof(DateTimeType));
        RegisterTypeMapping(typeof(DateOnly), typeof(DateType));

        // Introspection is bounded by the depth limit; its cost would otherwise refuse the explorer's schema query.
        this.WithIntrospectionComplexityImpact(0);
    }

    /// <summary>Every root field says who may use it (AccessRules), so a new field cannot be open by accident.</summary>
    internal static void RequireAccessDeclarations(params IObjectGraphType[] roots)
    {
        var undeclared = roots.SelectMany(root => root.Fields.Where(f => !f.DeclaresAccess()).Select(f => $"{root.Name}.{f.Name}")).ToList();
        if (undeclared.Count > 0)
        {
            throw new InvalidOperationException(
                $"These root fields declare no access (RequireScopes, Authorize or AllowAnonymous): {string.Join(", ", undeclared)}.");
        }
    }
}

/// <summary>The root query type; each feature adds its fields.</summary>
public sealed class QueryType : ObjectGraphType
{
    public QueryType(SchemaKit kit, NodeRegistry nodes)
    {
        Name = "Query";
        NodeQueries.AddNodeFields(this, nodes);
        ViewerQueries.Add(this);
        MemberQueries.Add(this, kit);
        Admin.AdminQueries.Add(this, kit);
        ContactQueries.Add(this, kit);
        AppointmentQueries.Add(this, kit);
        FollowUpQueries.Add(this, kit);
        AttachmentQueries.Add(this);
        Privacy.PrivacyQueries.Add(this, kit);
        Export.ExportQueries.Add(this, kit);
        CustomFields.CustomFieldQueries.Add(this);
        Operations.OperationQueries.Add(this, kit);
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
        AttachmentMutations.Add(this, kit);
        Admin.AdminMutations.Add(this, kit);
        MemberMutations.Add(this, kit);
        Privacy.PrivacyMutations.Add(this, kit);
        Import.ImportMutations.Add(this, kit);
        Export.ExportMutations.Add(this, kit);
        CustomFields.CustomFieldMutations.Add(this, kit);
        Operations.OperationMutations.Add(this, kit);
    }
}

/// <summary>The root subscription type; each feature adds its events (see RealtimeFields).</summary>
public sealed class SubscriptionType : ObjectGraphType
{
    public SubscriptionType(SchemaKit kit)
    {
        Name = "Subscription";
        ContactSubscriptions.Add(this, kit);
        TimelineSubscriptions.Add(this);
        FollowUpSubscriptions.Add(this);
        AttachmentSubscriptions.Add(this);
        Operations.OperationSubscriptions.Add(this);
    }
}
