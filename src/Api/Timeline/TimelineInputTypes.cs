using ContactBox.Api.GraphQL.Scalars;
using ContactBox.Domain.Timeline;
using GraphQL.Types;

namespace ContactBox.Api.Timeline;

public sealed class AddTimelineEntryInputType : InputObjectGraphType
{
    public AddTimelineEntryInputType()
    {
        Name = "AddTimelineEntryInput";
        Field<NonNullGraphType<IdGraphType>>("contactId");
        Field<NonNullGraphType<EnumerationGraphType<TimelineEntryKind>>>("kind");
        Field<EnumerationGraphType<Direction>>("direction").Description("For calls, e-mails and letters: who reached out.");
        Field<StringGraphType>("subject");
        Field<StringGraphType>("body");
        Field<DateTimeType>("occurredAt").Description("When it happened; now when left out.");
    }
}

public sealed class UpdateTimelineEntryInputType : InputObjectGraphType
{
    public UpdateTimelineEntryInputType()
    {
        Name = "UpdateTimelineEntryInput";
        Field<NonNullGraphType<IdGraphType>>("id");
        Field<EnumerationGraphType<TimelineEntryKind>>("kind");
        Field<EnumerationGraphType<Direction>>("direction");
        Field<StringGraphType>("subject");
        Field<StringGraphType>("body");
        Field<DateTimeType>("occurredAt");
    }
}
