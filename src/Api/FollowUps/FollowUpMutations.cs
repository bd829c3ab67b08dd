using ContactBox.Api.GraphQL;
using ContactBox.Api.GraphQL.Authorization;
using ContactBox.Api.GraphQL.DataLoading;
using ContactBox.Api.GraphQL.Mutations;
using ContactBox.Api.Realtime;
using ContactBox.Domain.Auth;
using ContactBox.Domain.Common;
using ContactBox.Domain.Contacts;
using ContactBox.Domain.FollowUps;
using ContactBox.Domain.Members;
using ContactBox.Infrastructure.Persistence;
using ContactBox.Infrastructure.Tenancy;
using GraphQL.Types;

namespace ContactBox.Api.FollowUps;

public static class FollowUpMutations
{
    public static void Add(ObjectGraphType mutation, SchemaKit kit)
    {
        Type[] errors = [typeof(ValidationErrorType), typeof(NotFoundErrorType)];

        mutation.Mutation(kit, "createFollowUp", new CreateFollowUpInputType(), "followUp", typeof(FollowUpType), errors, async (context, input) =>
        {
            var services = context.RequestServices!;
            var db = context.Db();
            var contact = await db.RequireAsync<Contact>(input.Id("contactId", "Contact"), "contactId", context.CancellationToken);
            var assigneeId = await AssigneeAsync(db, input, context.CancellationToken) ?? services.GetRequiredService<CurrentWorkspace>().ActorId;
            var followUp = new FollowUp(contact.Id, assigneeId, input.Get<DateTimeOffset>("dueAt"), input.String("subject")!, input.String("note"));
            db.FollowUps.Add(followUp);
            await db.SaveChangesAsync(context.CancellationToken);
            await context.ScheduleFollowUpDueAsync(followUp);
            return followUp;
        }).Description("Sets a reminder on a contact for a team member (you by default).")
            .RequireScopes(AuthScopes.ContactsWrite);

        mutation.Mutation(kit, "updateFollowUp", new UpdateFollowUpInputType(), "followUp", typeof(FollowUpType), errors, async (context, input) =>
        {
            var db = context.Db();
            var followUp = await db.RequireAsync<FollowUp>(input.Id("id", "FollowUp"), "id", context.CancellationToken);
            var assigneeId = input.Has("assigneeId") ? await AssigneeAsync(db, input, context.CancellationToken) : followUp.AssigneeId;
            followUp.Change(assigneeId, input.GetStruct<DateTimeOffset>("dueAt") ?? followUp.DueAt, input.Or("subject", followUp.Subject), input.Or("note", followUp.Note));
            await db.SaveChangesAsync(context.CancellationToken);
            await context.ScheduleFollowUpDueAsync(followUp);
            return followUp;
        }).Description("Changes a follow-up. Fields left out keep their value.")
            .RequireScopes(AuthScopes.ContactsWrite);

        mutation.Mutation(kit, "completeFollowUp", new IdInputType("CompleteFollowUpInput"), "followUp", typeof(FollowUpType), errors, async (context, input) =>
        {
            var db = context.Db();
            var followUp = await db.RequireAsync<FollowUp>(input.Id("id", "FollowUp"), "id", context.CancellationToken);
            followUp.Complete(context.Now());
            await db.SaveChangesAsync(context.CancellationToken);
            await context.ScheduleFollowUpDueAsync(followUp);
            return followUp;
        }).Description("Marks a follow-up as done.")
            .RequireScopes(AuthScopes.ContactsWrite);

        mutation.Mutation(kit, "reopenFollowUp", new IdInputType("ReopenFollowUpInput"), "followUp", typeof(FollowUpType), errors, async (context, input) =>
        {
            var db = context.Db();
            var followUp = await db.RequireAsync<FollowUp>(input.Id("id", "FollowUp"), "id", context.CancellationToken);
            followUp.Reopen();
            await db.SaveChangesAsync(context.CancellationToken);
            await context.ScheduleFollowUpDueAsync(followUp);
            return followUp;
        }).Description("Opens a completed follow-up again.")
            .RequireScopes(AuthScopes.ContactsWrite);
    }

    private static async Task<Guid?> AssigneeAsync(ContactBoxDbContext db, InputReader input, CancellationToken cancellationToken)
    {
        if (input.OptionalId("assigneeId", "Member") is not { } id)
        {
            return null;
        }

        var member = await db.RequireAsync<Member>(id, "assigneeId", cancellationToken);
        return member.IsActive ? member.Id : throw new DomainValidationException("assigneeId", "The assignee must be an active team member.");
    }
}
