using ContactBox.Api.Auth;
using ContactBox.Api.GraphQL;
using ContactBox.Api.GraphQL.Authorization;
using ContactBox.Api.GraphQL.DataLoading;
using ContactBox.Api.GraphQL.Mutations;
using ContactBox.Domain.Members;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;

namespace ContactBox.Api.Members;

/// <summary>What a signed-in member does for herself: her password and the consents she gave third-party clients.</summary>
public static class MemberMutations
{
    public static void Add(ObjectGraphType mutation, SchemaKit kit)
    {
        Type[] errors = [typeof(ValidationErrorType), typeof(NotFoundErrorType)];

        mutation.Mutation(kit, "changeMyPassword", new ChangeMyPasswordInputType(), "member", typeof(MemberType), errors, async (context, input) =>
        {
            var services = context.RequestServices!;
            var db = context.Db();
            var member = await db.RequireAsync<Member>(context.User!.MemberId()!.Value, "id", context.CancellationToken);
            await services.GetRequiredService<MemberSignIn>()
                .ChangePasswordAsync(member, input.String("currentPassword")!, input.String("newPassword")!, context.CancellationToken);
            await services.GetRequiredService<MemberConsents>()
                .RevokeOtherSessionsAsync(member.Id, context.User!.GetAuthorizationId(), context.CancellationToken);
            return member;
        }).Description("Changes the signed-in member's password: the current one must be right (wrong ones count toward the lock-out). "
                + "Her other sign-ins end: only the tokens of this one keep working.")
            .RequireMember();

        mutation.Mutation(kit, "revokeMyConsent", new RevokeMyConsentInputType(), "client", typeof(OAuthClientType), errors, async (context, input) =>
        {
            var clientId = input.String("clientId")!;
            var client = await context.Db().OAuthClients.AsNoTracking().SingleOrDefaultAsync(c => c.ClientId == clientId, context.CancellationToken)
                ?? throw new NotFoundException("clientId", clientId, "OAuthClient");
            await context.RequestServices!.GetRequiredService<MemberConsents>().RevokeAsync(context.User!.MemberId()!.Value, clientId, context.CancellationToken);
            return client;
        }).Description("Withdraws the signed-in member's consent to a client: the tokens it holds for her stop working, and it must ask her again.")
            .RequireMember();
    }
}

public sealed class ChangeMyPasswordInputType : InputObjectGraphType
{
    public ChangeMyPasswordInputType()
    {
        Name = "ChangeMyPasswordInput";
        Field<NonNullGraphType<StringGraphType>>("currentPassword");
        Field<NonNullGraphType<StringGraphType>>("newPassword").Description($"At least {PasswordRules.MinLength}, at most {PasswordRules.MaxLength} characters.");
    }
}

public sealed class RevokeMyConsentInputType : InputObjectGraphType
{
    public RevokeMyConsentInputType()
    {
        Name = "RevokeMyConsentInput";
        Field<NonNullGraphType<StringGraphType>>("clientId").Description("The OAuth client_id of the application.");
    }
}
