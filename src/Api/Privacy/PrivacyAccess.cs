using System.Security.Claims;
using ContactBox.Api.Auth;
using ContactBox.Api.GraphQL.Authorization;
using ContactBox.Api.GraphQL.DataLoading;
using ContactBox.Domain.Auth;
using ContactBox.Domain.Members;
using ContactBox.Infrastructure.Persistence;
using ContactBox.Infrastructure.Privacy;
using GraphQL;
using GraphQL.Builders;
using OpenIddict.Abstractions;

namespace ContactBox.Api.Privacy;

/// <summary>Who may manage privacy, and who the audit log names as actor.</summary>
public static class PrivacyAccess
{
    /// <summary>The roles that manage the catalog and read the audit log (with scope privacy.admin).</summary>
    public static readonly string[] OfficerRoles = [MemberPrincipal.RoleName(MemberRoles.Dpo), MemberPrincipal.RoleName(MemberRoles.Admin)];

    /// <summary>Scope privacy.admin and, for a member, the role DPO or ADMIN.</summary>
    public static FieldBuilder<TSource, TReturn> Officer<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field) =>
        field.RequireScopes(AuthScopes.PrivacyAdmin).RequireMemberRole(OfficerRoles);

    /// <summary>Runs a mutation's change and its audit record in one transaction, with the caller as the actor.</summary>
    public static async Task<object?> Audited<T>(this IResolveFieldContext context, Func<ContactBoxDbContext, Task<(T Result, AuditEntry Entry)>> act)
    {
        var db = context.Db();
        return await context.RequestServices!.GetRequiredService<AuditTrail>().RecordAsync(db, Actor(context.User), async () => await act(db), context.CancellationToken);
    }

    public static AuditActor Actor(ClaimsPrincipal? user) =>
        user?.MemberId() is { } memberId ? AuditActor.Member(memberId)
        : user?.GetClaim(OpenIddictConstants.Claims.Subject) is { } clientId ? AuditActor.Client(clientId)
        : AuditActor.System;
}
