using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace ContactBox.Api.Auth;

/// <summary>
/// <c>ContactBox:ForwardedHeaders</c>: the reverse proxies whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are
/// believed. Off by default: then nobody's are, and the rate limits count the address that connected.
/// </summary>
public sealed class ProxyHeaderOptions
{
    public const string Section = "ContactBox:ForwardedHeaders";

    /// <summary>Proxy addresses (<c>10.0.0.5</c>, <c>::1</c>).</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR notation (<c>10.0.0.0/8</c>).</summary>
    public string[] KnownNetworks { get; set; } = [];

    /// <summary>How many proxies in a row are walked back through <c>X-Forwarded-For</c> (each must be trusted).</summary>
    public int ForwardLimit { get; set; } = 1;

    public bool IsEnabled => KnownProxies.Length > 0 || KnownNetworks.Length > 0;
}

/// <summary>
/// ASP.NET Core's forwarded-headers middleware, trusting exactly the configured proxies (not even loopback otherwise):
/// behind them, the client's address (per-IP rate limits) and scheme (OAuth redirects, the issuer) are the forwarded
/// ones; a request from any other peer keeps its own address whatever headers it sends.
/// </summary>
public static class ProxyHeaders
{
    public static void AddContactBoxProxyHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(ProxyHeaderOptions.Section).Get<ProxyHeaderOptions>() ?? new ProxyHeaderOptions();
        services.AddSingleton(settings);
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = Math.Max(1, settings.ForwardLimit);
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in settings.KnownProxies)
            {
                options.KnownProxies.Add(IPAddress.TryParse(proxy, out var address)
                    ? address
                    : throw new InvalidOperationException($"{ProxyHeaderOptions.Section}:KnownProxies: '{proxy}' is not an IP address."));
            }

            foreach (var network in settings.KnownNetworks)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var parsed)
                    ? parsed
                    : throw new InvalidOperationException($"{ProxyHeaderOptions.Section}:KnownNetworks: '{network}' is not a network in CIDR notation (10.0.0.0/8)."));
            }
        });
    }

    /// <summary>First in the pipeline, so that everything after it sees the client's address and scheme.</summary>
    public static void UseContactBoxProxyHeaders(this WebApplication app)
    {
        if (app.Services.GetRequiredService<ProxyHeaderOptions>().IsEnabled)
        {
            app.UseForwardedHeaders();
        }
    }
}
