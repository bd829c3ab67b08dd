using ContactBox.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;
using OpenIddict.Validation;
using static OpenIddict.Validation.OpenIddictValidationEvents;

namespace ContactBox.Api.Auth;

/// <summary>
/// What the token table says about access tokens, asked with small untracked queries: one token's entry for a request
/// (<see cref="TokenEntryValidation"/>), which of many are still valid for the open connections (the transports' token
/// watch). An entry is valid while its status is <c>valid</c>: revoking a token, a member's roles changing and a
/// client being revoked all end that (the last by deleting its tokens).
/// </summary>
public static class TokenEntries
{
    /// <summary>The entry of the token <paramref name="id"/>, or null when there is none.</summary>
    public static Task<Entry?> FindAsync(ContactBoxDbContext db, string id, CancellationToken cancellationToken) =>
        // Not EF.CompileAsyncQuery: a compiled query keeps the plan of the first provider it ran on, and a process may
        // hold contexts of two (the tests do); EF Core's query cache keeps one plan per model instead.
        db.Set<OpenIddictEntityFrameworkCoreToken>().AsNoTracking()
            .Where(t => t.Id == id)
            .Select(t => new Entry(t.Status, t.Type, t.CreationDate, t.ExpirationDate, t.Authorization!.Id))
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>Which of <paramref name="ids"/> are entries still valid, in one statement.</summary>
    public static async Task<IReadOnlySet<string>> ValidAmongAsync(ContactBoxDbContext db, string[] ids, CancellationToken cancellationToken) =>
        (await db.Set<OpenIddictEntityFrameworkCoreToken>().AsNoTracking()
            .Where(t => ids.Contains(t.Id!) && t.Status == OpenIddictConstants.Statuses.Valid)
            .Select(t => t.Id!).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);

    public sealed record Entry(string? Status, string? Type, DateTime? CreationDate, DateTime? ExpirationDate, string? AuthorizationId)
    {
        public bool IsValid => Status == OpenIddictConstants.Statuses.Valid;
    }
}

/// <summary>
/// The token-entry check of every access token the API validates, in place of OpenIddict's own two handlers
/// (<c>RestoreTokenEntryProperties</c> and <c>ValidateTokenEntry</c>, used with <c>EnableTokenEntryValidation</c>),
/// which load the entry into the change tracker with its application and authorization: here one untracked query
/// reads the five values they use. Same place in the pipeline (after the signature and the claims, before the
/// expiry and audience checks), same outcome: a token without an entry, or whose entry is no longer valid, is refused
/// as <c>invalid_token</c>; otherwise the principal gets the entry's creation and expiration dates, authorization,
/// ID and type, as OpenIddict restores them. Stricter in one case: a token without an entry ID is refused (every
/// token this server issues has one; one without could not be revoked).
/// </summary>
public sealed class TokenEntryValidation(ContactBoxDbContext db) : IOpenIddictValidationHandler<ValidateTokenContext>
{
    public static OpenIddictValidationHandlerDescriptor Descriptor { get; } = OpenIddictValidationHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
        .UseScopedHandler<TokenEntryValidation>()
        .SetOrder(OpenIddictValidationHandlers.Protection.RestoreTokenEntryProperties.Descriptor.Order)
        .SetType(OpenIddictValidationHandlerType.Custom)
        .Build();

    public async ValueTask HandleAsync(ValidateTokenContext context)
    {
        if (context.Principal is null)
        {
            return;
        }

        var id = context.Principal.GetTokenId();
        var entry = string.IsNullOrEmpty(id) ? null : await TokenEntries.FindAsync(db, id, context.CancellationToken);
        if (entry is not { IsValid: true })
        {
            context.Reject(
                error: OpenIddictConstants.Errors.InvalidToken,
                description: "The specified token is no longer valid.");
            return;
        }

        context.Principal
            .SetCreationDate(Utc(entry.CreationDate))
            .SetExpirationDate(Utc(entry.ExpirationDate))
            .SetAuthorizationId(context.AuthorizationId = entry.AuthorizationId)
            .SetTokenId(context.TokenId = id)
            .SetTokenType(entry.Type);
    }

    private static DateTimeOffset? Utc(DateTime? value) => value is { } date ? DateTime.SpecifyKind(date, DateTimeKind.Utc) : null;
}
