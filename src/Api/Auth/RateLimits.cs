using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace ContactBox.Api.Auth;

/// <summary><c>ContactBox:RateLimits</c>: requests allowed per window; generous defaults that only stop abuse.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "ContactBox:RateLimits";

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary><c>/connect/token</c> per IP address, and again per client ID.</summary>
    public int TokenPerIp { get; set; } = 60;

    public int TokenPerClient { get; set; } = 60;

    /// <summary>POST <c>/account/signin</c> per IP address (the lock-out protects each member besides).</summary>
    public int SignInPerIp { get; set; } = 30;

    /// <summary><c>/graphql</c> per token subject when authenticated, per IP address otherwise.</summary>
    public int GraphQLPerSubject { get; set; } = 1200;

    public int GraphQLPerIp { get; set; } = 300;
}

/// <summary>
/// ASP.NET Core's rate limiter in two places: the token endpoint and the sign-in form are limited before
/// authentication (OpenIddict answers bad credentials there, and those must count too); GraphQL after it,
/// so that an authenticated caller is counted by its subject rather than its address.
/// </summary>
public static class RateLimits
{
    public static void AddContactBoxRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, _) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : options.Window;
                context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return ValueTask.CompletedTask;
            };
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, options, byClient: false)),
                PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, options, byClient: true)));
        });
    }

    /// <summary>Limits the token endpoint and the sign-in form; call before authentication.</summary>
    public static void UseContactBoxRateLimitsBeforeAuthentication(this WebApplication app) =>
        app.UseWhen(IsCredentialRequest, branch =>
        {
            // The client ID is in the form; reading it here leaves it buffered for OpenIddict.
            branch.Use(async (context, next) =>
            {
                if (context.Request.HasFormContentType)
                {
                    await context.Request.ReadFormAsync(context.RequestAborted);
                }

                await next(context);
            });
            branch.UseRateLimiter();
        });

    /// <summary>Limits GraphQL; call after authentication.</summary>
    public static void UseContactBoxRateLimitsAfterAuthentication(this WebApplication app, string graphQLPath) =>
        app.UseWhen(context => context.Request.Path.StartsWithSegments(graphQLPath), branch => branch.UseRateLimiter());

    private static bool IsCredentialRequest(HttpContext context) =>
        context.Request.Path.StartsWithSegments(AuthRegistration.TokenPath)
        || (HttpMethods.IsPost(context.Request.Method) && context.Request.Path.StartsWithSegments(AccountEndpoints.SignInPath));

    private static RateLimitPartition<string> Partition(HttpContext context, RateLimitOptions options, bool byClient)
    {
        var ip = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var path = context.Request.Path;
        if (path.StartsWithSegments(AuthRegistration.TokenPath))
        {
            if (!byClient)
            {
                return Window("token-ip:" + ip, options.TokenPerIp, options);
            }

            var clientId = context.Request.HasFormContentType ? context.Request.Form["client_id"].ToString() : "";
            return clientId.Length == 0 ? RateLimitPartition.GetNoLimiter("") : Window("token-client:" + clientId, options.TokenPerClient, options);
        }

        if (path.StartsWithSegments(AccountEndpoints.SignInPath))
        {
            return byClient ? RateLimitPartition.GetNoLimiter("") : Window("signin-ip:" + ip, options.SignInPerIp, options);
        }

        if (byClient)
        {
            return RateLimitPartition.GetNoLimiter("");
        }

        // GraphQL: the subject (member or client) in its workspace when authenticated, the address otherwise.
        return context.User.WorkspaceId() is { } workspaceId
            ? Window($"graphql-sub:{workspaceId}:{context.User.FindFirst("sub")?.Value}", options.GraphQLPerSubject, options)
            : Window("graphql-ip:" + ip, options.GraphQLPerIp, options);
    }

    private static RateLimitPartition<string> Window(string key, int permits, RateLimitOptions options) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, permits),
            Window = options.Window,
            QueueLimit = 0,
        });
}
