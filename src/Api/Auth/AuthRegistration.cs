using System.Security.Cryptography.X509Certificates;
using ContactBox.Domain.Auth;
using ContactBox.Infrastructure.Auth;
using ContactBox.Infrastructure.Persistence;
using ContactBox.Infrastructure.Tenancy;
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

    /// <summary>The OAuth 2.0 authorization server (OpenIddict) in this host, and the validation of its tokens.</summary>
    public static WebApplicationBuilder AddContactBoxAuth(this WebApplicationBuilder builder, string dataPath)
    {
        var options = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        var requireHttps = options.RequireHttps ?? !builder.Environment.IsDevelopment();
        var keysPath = Path.Combine(dataPath, "keys");

        builder.Services.AddScoped<WorkspaceProvisioning>();
        builder.Services.AddOpenIddict()
            // Applications and tokens are kept in ContactBox's own database.
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<ContactBoxDbContext>())
            .AddServer(server =>
            {
                server.SetTokenEndpointUris(TokenPath)
                    .SetIntrospectionEndpointUris(IntrospectionPath)
                    .SetRevocationEndpointUris(RevocationPath);

                // Partner integrations only for now. authorization_code with PKCE and refresh_token come with the
                // sign-in page: AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange() and
                // AllowRefreshTokenFlow() here, and a branch for each in TokenEndpoint. Never password or implicit.
                server.AllowClientCredentialsFlow();
                server.RegisterScopes([.. AuthScopes.All]);
                server.SetAccessTokenLifetime(options.AccessTokenLifetime);

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

                // The token endpoint's answer is ours (TokenEndpoint): it decides the workspace and the scopes.
                var aspNetCore = server.UseAspNetCore().EnableTokenEndpointPassthrough();
                if (!requireHttps)
                {
                    aspNetCore.DisableTransportSecurityRequirement();
                }
            })
            .AddValidation(validation =>
            {
                // The API trusts only this server's tokens, with its keys, without an HTTP round trip; each token is
                // also looked up in the token table, so a revoked token (or a revoked client's) stops working at once.
                validation.UseLocalServer();
                validation.EnableTokenEntryValidation();
                validation.UseAspNetCore();
            });

        builder.Services.AddAuthentication(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme);
        return builder;
    }

    /// <summary>Authenticates the bearer token (if any) and runs the request in the token's workspace; without one, in none.</summary>
    public static WebApplication UseContactBoxAuth(this WebApplication app)
    {
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
        return app;
    }
}
