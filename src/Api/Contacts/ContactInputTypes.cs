using ContactBox.Api.CustomFields;
using ContactBox.Api.GraphQL.Scalars;
using ContactBox.Domain.Contacts;
using GraphQL.Types;

namespace ContactBox.Api.Contacts;

public sealed class EmailAddressInputType : InputObjectGraphType
{
    public EmailAddressInputType()
    {
        Name = "EmailAddressInput";
        Field<NonNullGraphType<StringGraphType>>("address");
        Field<StringGraphType>("label").Description("e.g. work, private");
        Field<BooleanGraphType>("isPrimary").DefaultValue(false).Description("The address used for exports and letters; the first is primary when none is marked.");
    }
}

public sealed class PhoneNumberInputType : InputObjectGraphType
{
    public PhoneNumberInputType()
    {
        Name = "PhoneNumberInput";
        Field<NonNullGraphType<StringGraphType>>("number");
        Field<StringGraphType>("label");
        Field<BooleanGraphType>("isPrimary").DefaultValue(false);
    }
}

public sealed class PostalAddressInputType : InputObjectGraphType
{
    public PostalAddressInputType()
    {
        Name = "PostalAddressInput";
        Field<StringGraphType>("label");
        Field<StringGraphType>("street");
        Field<StringGraphType>("postalCode");
        Field<StringGraphType>("city");
        Field<StringGraphType>("region");
        Field<NonNullGraphType<StringGraphType>>("country").Description("ISO 3166-1 alpha-2 code, e.g. DE.");
    }
}

/// <summary>The master data fields shared by create and update; in an update every one is optional.</summary>
public abstract class ContactFieldsInputType : InputObjectGraphType
{
    protected ContactFieldsInputType(string name)
    {
        Name = name;
        Field<EnumerationGraphType<Salutation>>("salutation");
        Field<StringGraphType>("title").Description("Academic or honorary title, e.g. Dr.");
        Field<StringGraphType>("firstName");
        Field<StringGraphType>("lastName");
        Field<StringGraphType>("organizationName");
        Field<StringGraphType>("department");
        Field<StringGraphType>("jobTitle");
        Field<StringGraphType>("externalId").Description("The contact's key in another system; unique in the workspace. An import can match on it (duplicateKey: EXTERNAL_ID).");
        Field<StringGraphType>("website");
        Field<DateType>("birthday");
        Field<IdGraphType>("ownerId").Description("The team member responsible for the contact.");
        Field<IdGraphType>("employerId").Description("For a person: the organisation they work for.");
        Field<ListGraphType<NonNullGraphType<EmailAddressInputType>>>("emails");
        Field<ListGraphType<NonNullGraphType<PhoneNumberInputType>>>("phones");
        Field<ListGraphType<NonNullGraphType<PostalAddressInputType>>>("addresses");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("tags");
        Field<ListGraphType<NonNullGraphType<CustomFieldValueInputType>>>("customFields")
            .Description("Custom field values by key; in an update only the fields named change.");
    }
}

public sealed class CreateContactInputType : ContactFieldsInputType
{
    public CreateContactInputType()
        : base("CreateContactInput") =>
        Field<NonNullGraphType<EnumerationGraphType<ContactKind>>>("kind");
}

public sealed class UpdateContactInputType : ContactFieldsInputType
{
    public UpdateContactInputType()
        : base("UpdateContactInput")
    {
        Field<NonNullGraphType<IdGraphType>>("id");
        Field<NonNullGraphType<IntGraphType>>("version").Description("The version you read; a ConcurrencyError answers when it is no longer current.");
    }
}
