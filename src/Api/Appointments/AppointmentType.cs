using ContactBox.Api.Attachments;
using ContactBox.Api.Contacts;
using ContactBox.Api.GraphQL;
using ContactBox.Api.GraphQL.Authorization;
using ContactBox.Api.GraphQL.DataLoading;
using ContactBox.Api.GraphQL.Relay;
using ContactBox.Api.GraphQL.Scalars;
using ContactBox.Api.Members;
using ContactBox.Domain.Appointments;
using ContactBox.Domain.Auth;
using ContactBox.Domain.Contacts;
using ContactBox.Domain.Members;
using GraphQL.Types;

namespace ContactBox.Api.Appointments;

public sealed class AppointmentType : ObjectGraphType<Appointment>
{
    public AppointmentType(NodeRegistry nodes, SchemaKit kit)
    {
        Name = "Appointment";
        this.RequireScopes(AuthScopes.ContactsRead);
        Description = "A meeting with contacts, organised by a team member.";
        this.AsNode(nodes);
        Field(a => a.Title);
        Field(a => a.Description, nullable: true);
        Field(a => a.Location, nullable: true);
        Field<NonNullGraphType<DateTimeType>>("startsAt").Description("The start, with the offset of the appointment's time zone.")
            .Resolve(c => InZone(c.Source.StartsAt, c.Source.TimeZone));
        Field<NonNullGraphType<DateTimeType>>("endsAt").Description("The end, with the offset of the appointment's time zone.")
            .Resolve(c => InZone(c.Source.EndsAt, c.Source.TimeZone));
        Field(a => a.TimeZone).Description("IANA time zone, e.g. Europe/Berlin.");
        Field(a => a.IsAllDay);
        Field(a => a.Status);
        Field(a => a.CancelledAt, nullable: true);
        this.Reference<Appointment, Member, MemberType>("organizer", a => a.OrganizerId);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ContactType>>>>("participants")
            .Resolve(c => c.Loaders().GetOrAdd<Guid, IReadOnlyList<Contact>>("participantsOfAppointment", AppointmentLoaders.ParticipantsAsync, () => []).Load(c.Source.Id));
        Field(a => a.CreatedAt);
        Field(a => a.UpdatedAt);
        this.Attachments(kit, a => a.AppointmentId!.Value);
    }

    private static DateTimeOffset InZone(DateTimeOffset instant, string timeZone) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone) ? TimeZoneInfo.ConvertTime(instant, zone) : instant;
}

