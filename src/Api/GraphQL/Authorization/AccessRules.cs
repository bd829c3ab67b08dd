using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;

namespace ContactBox.Api.GraphQL.Authorization;

/// <summary>
/// Declares who may select a field or read an object type, next to its definition. The declarations are metadata;
/// <see cref="AccessChecker"/> enforces them, in <see cref="AuthorizationValidationRule"/> and for <c>node</c>.
/// Authentication alone is GraphQL.NET's <c>Authorize()</c>, and <c>AllowAnonymous()</c> opens a field to everyone.
/// </summary>
public static class AccessRules
{
    internal const string ScopesKey = "ContactBox:Scopes";

    /// <summary>The caller needs a valid token carrying all these scopes.</summary>
    public static FieldBuilder<TSource, TReturn> RequireScopes<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field, params string[] scopes)
    {
        field.FieldType.RequireScopes(scopes);
        return field;
    }

    /// <summary>The caller needs a valid token carrying all these scopes (for object types and fields).</summary>
    public static TMetadataProvider RequireScopes<TMetadataProvider>(this TMetadataProvider element, params string[] scopes)
        where TMetadataProvider : IMetadataWriter, IMetadataReader
    {
        element.Authorize();
        element.Metadata[ScopesKey] = element.GetScopes().Concat(scopes).Distinct(StringComparer.Ordinal).ToArray();
        return element;
    }

    internal const string RolesKey = "ContactBox:Roles";

    /// <summary>
    /// A member needs one of these roles (the <c>role</c> claims of the token, as MEMBER, DPO, ADMIN). Clients have no
    /// roles and pass: for them the scopes decide. Implies an authenticated caller.
    /// </summary>
    public static FieldBuilder<TSource, TReturn> RequireMemberRole<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field, params string[] roles)
    {
        field.FieldType.Authorize();
        field.FieldType.Metadata[RolesKey] = field.FieldType.GetRoles().Concat(roles).Distinct(StringComparer.Ordinal).ToArray();
        return field;
    }

    /// <summary>The workspace settings' access: scope admin and, for a member, the role ADMIN.</summary>
    public static FieldBuilder<TSource, TReturn> RequireAdmin<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field) =>
        field.RequireScopes(Domain.Auth.AuthScopes.Admin).RequireMemberRole(Auth.MemberPrincipal.RoleName(Domain.Members.MemberRoles.Admin));

    internal const string MemberOnlyKey = "ContactBox:MemberOnly";

    /// <summary>Only a signed-in member's token (a person, not an OAuth client acting for itself). Implies an authenticated caller.</summary>
    public static FieldBuilder<TSource, TReturn> RequireMember<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field)
    {
        field.FieldType.Authorize();
        field.FieldType.Metadata[MemberOnlyKey] = true;
        return field;
    }

    public static bool IsMemberOnly(this IMetadataReader element) => element.GetMetadata(MemberOnlyKey, false);

    public static IReadOnlyList<string> GetRoles(this IMetadataReader element) => element.GetMetadata<string[]>(RolesKey) ?? [];

    public static IReadOnlyList<string> GetScopes(this IMetadataReader element) => element.GetMetadata<string[]>(ScopesKey) ?? [];

    /// <summary>Whether the element says anything about access: anonymous, authenticated or scoped.</summary>
    public static bool DeclaresAccess(this IMetadataReader element) => element.IsAnonymousAllowed() || element.IsAuthorizationRequired();
}
