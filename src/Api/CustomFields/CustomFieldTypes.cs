using ContactBox.Api.GraphQL.Authorization;
using ContactBox.Api.GraphQL.Relay;
using ContactBox.Api.GraphQL.Scalars;
using ContactBox.Domain.Auth;
using ContactBox.Domain.CustomFields;
using GraphQL;
using GraphQL.Types;

namespace ContactBox.Api.CustomFields;

public sealed class CustomFieldGraphType : ObjectGraphType<CustomField>
{
    public CustomFieldGraphType(NodeRegistry nodes)
    {
        Name = "CustomField";
        Description = "A field the workspace's admins added to contacts; its key never changes.";
        this.RequireScopes(AuthScopes.ContactsRead);
        this.AsNode(nodes);
        Field(f => f.Key).Description("Stable slug, e.g. branche: what filters, imports and exports name.");
        Field(f => f.Label);
        Field(f => f.Description, nullable: true);
        Field(f => f.Type);
        Field(f => f.IsRequired).Description("New contacts need a value, and updates cannot clear it.");
        Field(f => f.Position).Description("The admins' order of fields (0 first).");
        Field(f => f.IsArchived).Description("Archived fields keep their values but take no new ones.");
        Field(f => f.ArchivedAt, nullable: true);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CustomFieldOptionGraphType>>>>("options")
            .Description("The values of a pick list in the admins' order; archived ones only with includeArchived.")
            .Argument<BooleanGraphType>("includeArchived", a => a.DefaultValue = false)
            .Resolve(c => c.Source.OrderedOptions().Where(o => c.GetArgument<bool>("includeArchived") || !o.IsArchived).ToList());
    }
}

public sealed class CustomFieldOptionGraphType : ObjectGraphType<CustomFieldOption>
{
    public CustomFieldOptionGraphType(NodeRegistry nodes)
    {
        Name = "CustomFieldOption";
        Description = "One value of a pick list: a stable key and a label.";
        this.RequireScopes(AuthScopes.ContactsRead);
        this.AsNode(nodes);
        Field(o => o.Key);
        Field(o => o.Label);
        Field(o => o.Position);
        Field(o => o.IsArchived).Description("Stays on the contacts that have it; cannot be newly chosen.");
    }
}

/// <summary>A contact's value of one custom field, with its field and chosen options resolved from the catalog.</summary>
public sealed record CustomFieldValueView(CustomField Field, CustomFieldValue Value, IReadOnlyList<CustomFieldOption> Options);

public sealed class CustomFieldValueGraphType : ObjectGraphType<CustomFieldValueView>
{
    public CustomFieldValueGraphType()
    {
        Name = "CustomFieldValue";
        Description = "A contact's value of a custom field: the member matching the field's type is set.";
        Field<NonNullGraphType<CustomFieldGraphType>>("field").Resolve(c => c.Source.Field);
        Field<StringGraphType>("text").Description("For TEXT fields.").Resolve(c => c.Source.Value.Text);
        Field<FloatGraphType>("number").Description("For NUMBER fields.").Resolve(c => c.Source.Value.Number);
        Field<DateType>("date").Description("For DATE fields.").Resolve(c => c.Source.Value.Date);
        Field<BooleanGraphType>("boolean").Description("For BOOLEAN (yes/no) fields.").Resolve(c => c.Source.Value.Boolean);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CustomFieldOptionGraphType>>>>("options")
            .Description("For PICK_LIST (one) and MULTI_PICK_LIST fields, in the field's option order; may include archived options.")
            .Resolve(c => c.Source.Options);
    }
}
