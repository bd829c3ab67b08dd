using ContactBox.Infrastructure.Persistence;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Api.Auth;

/// <summary>
/// CORS from the registered clients: a browser origin may call the API when an active (not revoked) client of
/// any workspace lists it in <c>allowedOrigins</c>; every other origin gets no CORS headers. Credentials
/// (cookies) are never allowed cross-origin: the API takes bearer tokens.
/// </summary>
public sealed class ClientOriginsCorsPolicyProvider(ContactBoxDbContext db) : ICorsPolicyProvider
{
    public async Task<CorsPolicy?> GetPolicyAsync(HttpContext context, string? policyName)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length == 0 || origin.Contains(' ', StringComparison.Ordinal))
        {
            return null;
        }

        var padded = " " + origin + " ";
        var registered = await db.OAuthClients.IgnoreQueryFilters().AsNoTracking()
            .AnyAsync(c => c.RevokedAt == null && (" " + c.AllowedOrigins + " ").Contains(padded), context.RequestAborted);
        return registered
            ? new CorsPolicyBuilder().WithOrigins(origin).WithMethods("GET", "POST").WithHeaders("Authorization", "Content-Type", "Accept")
                .SetPreflightMaxAge(TimeSpan.FromMinutes(10)).Build()
            : null;
    }
}
