using System.Security.Claims;
using ContactBox.Api.Auth;
using ContactBox.Api.GraphQL.Authorization;
using ContactBox.Domain.Auth;
using ContactBox.Domain.Members;
using ContactBox.Infrastructure.Privacy;
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

    public static AuditActor Actor(ClaimsPrincipal? user) =>
        user?.MemberId() is { } memberId ? AuditActor.Member(memberId)
        : user?.GetClaim(OpenIddictConstants.Claims.Subject) is { } clientId ? AuditActor.Client(clientId)
        : AuditActor.System;
}
