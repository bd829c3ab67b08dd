using ContactBox.Api.GraphQL.Mutations;
using ContactBox.Api.GraphQL.Scalars;
using ContactBox.Domain.CustomFields;
using GraphQL.Types;

namespace ContactBox.Api.CustomFields;

/// <summary><c>customFields: [{key: "branche", text: "IT"}]</c> in createContact/updateContact.</summary>
public sealed class CustomFieldValueInputType : InputObjectGraphType
{
    public CustomFieldValueInputType()
    {
        Name = "CustomFieldValueInput";
        Description = "A value for one custom field, by key: set the member matching the field's type; set none (or null) to clear the value.";
        Field<NonNullGraphType<StringGraphType>>("key");
        Field<StringGraphType>("text");
        Field<FloatGraphType>("number");
        Field<DateType>("date");
        Field<BooleanGraphType>("boolean");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("options").Description("Option keys: one for a PICK_LIST, any number for a MULTI_PICK_LIST.");
    }

    public static IReadOnlyList<CustomFieldEntry> Read(InputReader input) =>
        input.Objects("customFields").Select(o => new CustomFieldEntry(
            o.String("key")!, o.String("text"), o.GetStruct<double>("number"), o.GetStruct<DateOnly>("date"), o.GetStruct<bool>("boolean"),
            o.Has("options") ? o.List<string>("options") : null)).ToList();
}

public sealed class CustomFieldOptionInputType : InputObjectGraphType
{
    public CustomFieldOptionInputType()
    {
        Name = "CustomFieldOptionInput";
        Field<NonNullGraphType<StringGraphType>>("key").Description("Stable slug, e.g. messe.");
        Field<NonNullGraphType<StringGraphType>>("label");
    }
}

public sealed class CreateCustomFieldInputType : InputObjectGraphType
{
    public CreateCustomFieldInputType()
    {
        Name = "CreateCustomFieldInput";
        Field<NonNullGraphType<StringGraphType>>("key").Description("Stable slug (a-z, 0-9, '-', '_'), unique in the workspace; never changes.");
        Field<NonNullGraphType<StringGraphType>>("label");
        Field<StringGraphType>("description");
        Field<NonNullGraphType<EnumerationGraphType<CustomFieldType>>>("type");
        Field<BooleanGraphType>("required").DefaultValue(false);
        Field<ListGraphType<NonNullGraphType<CustomFieldOptionInputType>>>("options").Description("For pick lists: the options in order.");
    }
}

public sealed class UpdateCustomFieldInputType : InputObjectGraphType
{
    public UpdateCustomFieldInputType()
    {
        Name = "UpdateCustomFieldInput";
        Field<NonNullGraphType<IdGraphType>>("id");
        Field<StringGraphType>("label");
        Field<StringGraphType>("description");
        Field<BooleanGraphType>("required");
    }
}

[global::GraphQL.DoNotRegister] // one for fields, one for options
public sealed class ReorderInputType : InputObjectGraphType
{
    public ReorderInputType(string name, string? parentId)
    {
        Name = name;
        if (parentId is not null)
        {
            Field<NonNullGraphType<IdGraphType>>(parentId);
        }

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("ids").Description("Every item once, in the new order.");
    }
}

public sealed class AddCustomFieldOptionInputType : InputObjectGraphType
{
    public AddCustomFieldOptionInputType()
    {
        Name = "AddCustomFieldOptionInput";
        Field<NonNullGraphType<IdGraphType>>("fieldId");
        Field<NonNullGraphType<StringGraphType>>("key");
        Field<NonNullGraphType<StringGraphType>>("label");
    }
}

public sealed class UpdateCustomFieldOptionInputType : InputObjectGraphType
{
    public UpdateCustomFieldOptionInputType()
    {
        Name = "UpdateCustomFieldOptionInput";
        Field<NonNullGraphType<IdGraphType>>("id");
        Field<NonNullGraphType<StringGraphType>>("label");
    }
}
