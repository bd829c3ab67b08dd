using ContactBox.Api.GraphQL.Scalars;
using GraphQL.Types;

namespace ContactBox.Api.FollowUps;

public sealed class CreateFollowUpInputType : InputObjectGraphType
{
    public CreateFollowUpInputType()
    {
        Name = "CreateFollowUpInput";
        Field<NonNullGraphType<IdGraphType>>("contactId");
        Field<IdGraphType>("assigneeId").Description("The team member to remind; you when left out.");
        Field<NonNullGraphType<DateTimeType>>("dueAt");
        Field<NonNullGraphType<StringGraphType>>("subject");
        Field<StringGraphType>("note");
    }
}

public sealed class UpdateFollowUpInputType : InputObjectGraphType
{
    public UpdateFollowUpInputType()
    {
        Name = "UpdateFollowUpInput";
        Field<NonNullGraphType<IdGraphType>>("id");
        Field<IdGraphType>("assigneeId");
        Field<DateTimeType>("dueAt");
        Field<StringGraphType>("subject");
        Field<StringGraphType>("note");
    }
}
