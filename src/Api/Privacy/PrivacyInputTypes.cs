using ContactBox.Api.GraphQL.Scalars;
using ContactBox.Domain.Privacy;
using GraphQL.Types;

namespace ContactBox.Api.Privacy;

[global::GraphQL.DoNotRegister] // one instance for create and one for update, named after each
public sealed class ProcessingPurposeInputType : InputObjectGraphType
{
    public ProcessingPurposeInputType(string name, bool update)
    {
        Name = name;
        if (update)
        {
            Field<NonNullGraphType<IdGraphType>>("id");
            Field<StringGraphType>("name");
            Field<EnumerationGraphType<LegalBasis>>("legalBasis");
        }
        else
        {
            Field<NonNullGraphType<StringGraphType>>("name");
            Field<NonNullGraphType<EnumerationGraphType<LegalBasis>>>("legalBasis");
        }

        Field<StringGraphType>("description");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("dataCategories");
        Field<IntGraphType>("retentionDays");
    }
}

[global::GraphQL.DoNotRegister]
public sealed class ProtectionMeasureInputType : InputObjectGraphType
{
    public ProtectionMeasureInputType(string name, bool update)
    {
        Name = name;
        if (update)
        {
            Field<NonNullGraphType<IdGraphType>>("id");
            Field<EnumerationGraphType<ProtectionMeasureCategory>>("category");
            Field<StringGraphType>("title");
        }
        else
        {
            Field<NonNullGraphType<EnumerationGraphType<ProtectionMeasureCategory>>>("category");
            Field<NonNullGraphType<StringGraphType>>("title");
        }

        Field<StringGraphType>("description");
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("purposeIds");
    }
}

[global::GraphQL.DoNotRegister]
public sealed class ContactSourceTypeInputType : InputObjectGraphType
{
    public ContactSourceTypeInputType(string name, bool update)
    {
        Name = name;
        if (update)
        {
            Field<NonNullGraphType<IdGraphType>>("id");
        }

        Field<NonNullGraphType<StringGraphType>>("name");
    }
}

public sealed class UpdatePrivacySettingsInputType : InputObjectGraphType
{
    public UpdatePrivacySettingsInputType()
    {
        Name = "UpdatePrivacySettingsInput";
        Field<NonNullGraphType<EnumerationGraphType<RetentionAction>>>("retentionAction");
    }
}

public sealed class SetContactSourceInputType : InputObjectGraphType
{
    public SetContactSourceInputType()
    {
        Name = "SetContactSourceInput";
        Field<NonNullGraphType<IdGraphType>>("contactId");
        Field<IdGraphType>("typeId").Description("A ContactSourceType; null clears it.");
        Field<StringGraphType>("detail");
        Field<DateType>("date");
    }
}

public sealed class ConsentInputType : InputObjectGraphType
{
    public ConsentInputType()
    {
        Name = "ConsentInput";
        Field<NonNullGraphType<DateTimeType>>("givenAt");
        Field<NonNullGraphType<StringGraphType>>("evidence").Description("How consent was given, e.g. \"signed form at the trade fair, filed\".");
        Field<DateTimeType>("validUntil");
    }
}

public sealed class AssignPurposeInputType : InputObjectGraphType
{
    public AssignPurposeInputType()
    {
        Name = "AssignPurposeInput";
        Field<NonNullGraphType<IdGraphType>>("contactId");
        Field<NonNullGraphType<IdGraphType>>("purposeId");
        Field<EnumerationGraphType<LegalBasis>>("legalBasis").Description("The purpose's legal basis when left out.");
        Field<ConsentInputType>("consent").Description("Required when the legal basis is CONSENT.");
    }
}

public sealed class WithdrawConsentInputType : InputObjectGraphType
{
    public WithdrawConsentInputType()
    {
        Name = "WithdrawConsentInput";
        Field<NonNullGraphType<IdGraphType>>("id").Description("The PurposeAssignment.");
        Field<DateTimeType>("withdrawnAt").Description("Now when left out.");
        Field<StringGraphType>("evidence").Description("How the withdrawal reached you.");
    }
}

public sealed class SetProcessingRestrictionInputType : InputObjectGraphType
{
    public SetProcessingRestrictionInputType()
    {
        Name = "SetProcessingRestrictionInput";
        Field<NonNullGraphType<IdGraphType>>("contactId");
        Field<NonNullGraphType<BooleanGraphType>>("restricted");
        Field<DateTimeType>("since").Description("Now when left out.");
        Field<StringGraphType>("reason");
    }
}

public sealed class SetMarketingObjectionInputType : InputObjectGraphType
{
    public SetMarketingObjectionInputType()
    {
        Name = "SetMarketingObjectionInput";
        Field<NonNullGraphType<IdGraphType>>("contactId");
        Field<NonNullGraphType<BooleanGraphType>>("objected");
        Field<DateTimeType>("since").Description("Now when left out.");
    }
}

public sealed class EraseContactInputType : InputObjectGraphType
{
    public EraseContactInputType()
    {
        Name = "EraseContactInput";
        Field<NonNullGraphType<IdGraphType>>("id");
        Field<NonNullGraphType<StringGraphType>>("reason").Description("Kept in the audit log for good: must not name the person.");
    }
}
