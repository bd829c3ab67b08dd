using ContactBox.Api.GraphQL.Scalars;
using GraphQL.Types;

namespace ContactBox.Api.Appointments;

public sealed class CreateAppointmentInputType : InputObjectGraphType
{
    public CreateAppointmentInputType()
    {
        Name = "CreateAppointmentInput";
        Field<NonNullGraphType<StringGraphType>>("title");
        Field<StringGraphType>("description");
        Field<StringGraphType>("location");
        Field<NonNullGraphType<DateTimeType>>("startsAt");
        Field<NonNullGraphType<DateTimeType>>("endsAt");
        Field<StringGraphType>("timeZone").DefaultValue(AppointmentMutations.DefaultTimeZone).Description("IANA time zone the appointment is planned in.");
        Field<BooleanGraphType>("isAllDay").DefaultValue(false);
        Field<IdGraphType>("organizerId").Description("The organising team member; you when left out.");
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("participantIds").Description("Contacts taking part.");
    }
}

public sealed class UpdateAppointmentInputType : InputObjectGraphType
{
    public UpdateAppointmentInputType()
    {
        Name = "UpdateAppointmentInput";
        Field<NonNullGraphType<IdGraphType>>("id");
        Field<StringGraphType>("title");
        Field<StringGraphType>("description");
        Field<StringGraphType>("location");
        Field<DateTimeType>("startsAt");
        Field<DateTimeType>("endsAt");
        Field<StringGraphType>("timeZone");
        Field<BooleanGraphType>("isAllDay");
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("participantIds").Description("Replaces the participants when given.");
    }
}
