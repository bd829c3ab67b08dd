using System.Security.Cryptography.X509Certificates;
using ContactBox.Domain.Auth;
using ContactBox.Domain.Members;
using ContactBox.Infrastructure.Auth;
using ContactBox.Infrastructure.Persistence;
using ContactBox.Infrastructure.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Validation.AspNetCore;

namespace ContactBox.Api.Auth;

public static class AuthRegistration
{
    public const string TokenPath = "/connect/token";
    public const string IntrospectionPath = "/connect/introspect";
    public const string RevocationPath = "/connect/revoke";
    public const string AuthorizePath = "/connect/authorize";
    public const string EndSessionPath = "/connect/endsession";
    public const string UserInfoPath = "/connect/userinfo";

    /// <summary>The OAuth 2.0 authorization server (OpenIddict) in this host, and the validation of its tokens.</summary>
    public static WebApplicationBuilder AddContactBoxAuth(this WebApplicationBuilder builder, string dataPath)
    {
        var options = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        var requireHttps = options.RequireHttps ?? !builder.Environment.IsDevelopment();
        var keysPath = Path.Combine(dataPath, "keys");

        builder.Services.Configure<AuthOptions>(builder.Configuration.GetSection(AuthOptions.Section));
        builder.Services.AddScoped<WorkspaceProvisioning>();
        builder.Services.AddContactBoxProxyHeaders(builder.Configuration);
        builder.Services.AddContactBoxRateLimits(builder.Configuration);
        builder.Services.AddScoped<MemberSignIn>();
        builder.Services.AddScoped<TokenAudiences>();
        builder.Services.AddScoped<MemberConsents>();
        builder.Services.AddSingleton<IPasswordHasher<Member>, PasswordHasher<Member>>();
        builder.Services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "ContactBox.Antiforgery";
            antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

        // The member's sign-in lives in a cookie of its own scheme that only the authorize endpoint reads; the API
        // itself accepts nothing but access tokens, so a cookie can never be used to call GraphQL (no CSRF there).
        builder.Services.AddAuthentication(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
            .AddCookie(AccountEndpoints.CookieScheme, cookie =>
            {
                cookie.Cookie.Name = "ContactBox.Member";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.ExpireTimeSpan = options.SignInLifetime;
                cookie.SlidingExpiration = true;
                cookie.LoginPath = AccountEndpoints.SignInPath;
            });
        builder.Services.AddOpenIddict()
            // Applications and tokens are kept in ContactBox's own database.
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<ContactBoxDbContext>())
            .AddServer(server =>
            {
                server.SetTokenEndpointUris(TokenPath)
                    .SetAuthorizationEndpointUris(AuthorizePath)
                    .SetEndSessionEndpointUris(EndSessionPath)
                    .SetUserInfoEndpointUris(UserInfoPath)
                    .SetIntrospectionEndpointUris(IntrospectionPath)
                    .SetRevocationEndpointUris(RevocationPath);

                // Client credentials for partner integrations; authorization code for frontends acting for a
                // signed-in member, always with PKCE (S256), so that a stolen code is worthless; refresh tokens
                // rotate on every use (OpenIddict's rolling tokens), and a used one is refused at once. Never
                // password or implicit.
                server.AllowClientCredentialsFlow()
                    .AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange()
                    .AllowRefreshTokenFlow();
                server.SetRefreshTokenReuseLeeway(TimeSpan.Zero);
                server.RegisterScopes([.. AuthScopes.All, .. MemberPrincipal.ProtocolScopes]);
                server.SetAccessTokenLifetime(options.AccessTokenLifetime)
                    .SetRefreshTokenLifetime(options.RefreshTokenLifetime);

                server.AddSigningCertificate(SigningCertificates.Load(options.SigningCertificate, keysPath, "signing", X509KeyUsageFlags.DigitalSignature));
                if (!string.IsNullOrWhiteSpace(options.EncryptionCertificate.Path))
                {
                    server.AddEncryptionCertificate(SigningCertificates.Load(options.EncryptionCertificate, keysPath, "encryption", X509KeyUsageFlags.KeyEncipherment));
                }
                else
                {
                    server.AddEncryptionKey(new SymmetricSecurityKey(SigningCertificates.LoadEncryptionKey(options.EncryptionKey, keysPath)));
                }

                // Introspection tells the caller which workspace a token acts in and what it may do.
                server.AddEventHandler<OpenIddictServerEvents.HandleIntrospectionRequestContext>(handler => handler.UseInlineHandler(context =>
                {
                    if (context.GenericTokenPrincipal is { } principal)
                    {
                        context.Claims[AuthClaims.Workspace] = principal.GetClaim(AuthClaims.Workspace);
                        context.Claims[AuthClaims.ActorType] = principal.GetClaim(AuthClaims.ActorType);
                        context.Scopes.UnionWith(principal.GetScopes());
                    }

                    return default;
                }));

                // The endpoints' answers are ours (TokenEndpoint, AuthorizeEndpoint, SessionEndpoints): they decide
                // the workspace, the subject and the scopes.
                var aspNetCore = server.UseAspNetCore()
                    .EnableTokenEndpointPassthrough()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    .EnableUserInfoEndpointPassthrough();
                if (!requireHttps)
                {
                    aspNetCore.DisableTransportSecurityRequirement();
                }
            })
            .AddValidation(validation =>
            {
                // The API trusts only this server's tokens, with its keys, without an HTTP round trip; each token is
                // also looked up in the token table, so a revoked token (or a revoked client's) stops working at once
                // (TokenEntryValidation: OpenIddict's token-entry validation, with one small untracked query).
                validation.UseLocalServer();
                validation.AddEventHandler(TokenEntryValidation.Descriptor);
                // Only tokens for this API: the server also issues tokens for other resource servers (their scopes in
                // OpenIddict's scope store), and those must not open ContactBox.
                validation.AddAudiences(options.Audience);
                validation.UseAspNetCore();
            });

        builder.Services.AddCors();
        builder.Services.AddScoped<Microsoft.AspNetCore.Cors.Infrastructure.ICorsPolicyProvider, ClientOriginsCorsPolicyProvider>();
        return builder;
    }

    /// <summary>Authenticates the bearer token (if any) and runs the request in the token's workspace; without one, in none.</summary>
    public static WebApplication UseContactBoxAuth(this WebApplication app)
    {
        app.UseContactBoxProxyHeaders();
        app.UseCors();
        app.UseContactBoxRateLimitsBeforeAuthentication();
        app.UseAuthentication();
        app.Use((context, next) =>
        {
            if (context.User.WorkspaceId() is { } workspaceId)
            {
                context.RequestServices.GetRequiredService<CurrentWorkspace>().Set(workspaceId, context.User.MemberId());
            }

            return next(context);
        });
        app.MapPost(TokenPath, TokenEndpoint.ExchangeAsync);
        app.MapMethods(AuthorizePath, [HttpMethods.Get, HttpMethods.Post], AuthorizeEndpoint.AuthorizeAsync);
        app.MapMethods(UserInfoPath, [HttpMethods.Get, HttpMethods.Post], SessionEndpoints.UserInfoAsync);
        app.MapMethods(EndSessionPath, [HttpMethods.Get, HttpMethods.Post], (Delegate)SessionEndpoints.EndSessionAsync);
        AccountEndpoints.Map(app);
        return app;
    }
}
