using ContactBox.Api.GraphQL;
using ContactBox.Api.GraphQL.Authorization;
using ContactBox.Api.GraphQL.DataLoading;
using ContactBox.Api.GraphQL.Mutations;
using ContactBox.Domain.Appointments;
using ContactBox.Domain.Auth;
using ContactBox.Domain.Contacts;
using ContactBox.Domain.Members;
using ContactBox.Infrastructure.Persistence;
using ContactBox.Infrastructure.Tenancy;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Api.Appointments;

public static class AppointmentMutations
{
    public const string DefaultTimeZone = "Europe/Berlin";

    public static void Add(ObjectGraphType mutation, SchemaKit kit)
    {
        Type[] errors = [typeof(ValidationErrorType), typeof(NotFoundErrorType)];

        mutation.Mutation(kit, "createAppointment", new CreateAppointmentInputType(), "appointment", typeof(AppointmentType), errors, async (context, input) =>
        {
            var services = context.RequestServices!;
            var db = context.Db();
            var organizerId = input.OptionalId("organizerId", "Member") ?? services.GetRequiredService<CurrentWorkspace>().ActorId;
            if (organizerId is { } id && input.Has("organizerId"))
            {
                await db.RequireAsync<Member>(id, "organizerId", context.CancellationToken);
            }

            var participants = input.Ids("participantIds", "Contact");
            await db.RequireAllAsync<Contact>(participants, "participantIds", context.CancellationToken);
            var appointment = new Appointment(
                new AppointmentSchedule(input.String("title")!, input.String("description"), input.String("location"),
                    input.Get<DateTimeOffset>("startsAt"), input.Get<DateTimeOffset>("endsAt"), input.String("timeZone") ?? DefaultTimeZone, input.Get<bool>("isAllDay")),
                organizerId, participants);
            db.Appointments.Add(appointment);
            await db.SaveChangesAsync(context.CancellationToken);
            return appointment;
        }).Description("Plans an appointment with contacts.")
            .RequireScopes(AuthScopes.ContactsWrite);

        mutation.Mutation(kit, "updateAppointment", new UpdateAppointmentInputType(), "appointment", typeof(AppointmentType), errors, async (context, input) =>
        {
            var db = context.Db();
            var appointment = await db.Appointments.Include(a => a.Participants).RequireAsync(input.Id("id", "Appointment"), "id", context.CancellationToken);
            appointment.Reschedule(new AppointmentSchedule(
                input.Or("title", appointment.Title),
                input.Or("description", appointment.Description),
                input.Or("location", appointment.Location),
                input.GetStruct<DateTimeOffset>("startsAt") ?? appointment.StartsAt,
                input.GetStruct<DateTimeOffset>("endsAt") ?? appointment.EndsAt,
                input.Or("timeZone", appointment.TimeZone),
                input.GetStruct<bool>("isAllDay") ?? appointment.IsAllDay));
            if (input.Has("participantIds"))
            {
                var participants = input.Ids("participantIds", "Contact");
                await db.RequireAllAsync<Contact>(participants, "participantIds", context.CancellationToken);
                appointment.SetParticipants(participants);
            }

            await db.SaveChangesAsync(context.CancellationToken);
            return appointment;
        }).Description("Changes an appointment. Fields left out keep their value.")
            .RequireScopes(AuthScopes.ContactsWrite);

        mutation.Mutation(kit, "cancelAppointment", new IdInputType("CancelAppointmentInput"), "appointment", typeof(AppointmentType), errors, async (context, input) =>
        {
            var db = context.Db();
            var appointment = await db.RequireAsync<Appointment>(input.Id("id", "Appointment"), "id", context.CancellationToken);
            appointment.Cancel(context.Now());
            await db.SaveChangesAsync(context.CancellationToken);
            return appointment;
        }).Description("Cancels an appointment; it stays visible with status CANCELLED.")
            .RequireScopes(AuthScopes.ContactsWrite);
    }
}
