using System.Net;
using System.Text.Json;
using ContactBox.Api.Tests.Support;
using ContactBox.Infrastructure.Persistence;

namespace ContactBox.Api.Tests.Auth;

/// <summary>A host behind a reverse proxy on loopback that it trusts.</summary>
public sealed class TrustedProxyApi : ApiHost
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["ContactBox:ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
        ["ContactBox:RateLimits:GraphQLPerIp"] = "3",
    };

    protected override Task<string?> ConnectionStringAsync() => Task.FromResult<string?>(null);
}

/// <summary>A host that trusts a proxy elsewhere: requests from loopback are from an untrusted peer.</summary>
public sealed class UntrustedProxyApi : ApiHost
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["ContactBox:ForwardedHeaders:KnownNetworks:0"] = "10.0.0.0/8",
        ["ContactBox:RateLimits:GraphQLPerIp"] = "3",
    };

    protected override Task<string?> ConnectionStringAsync() => Task.FromResult<string?>(null);
}

internal static class Forwarded
{
    /// <summary>Anonymous <c>{ __typename }</c> as forwarded by a proxy for <paramref name="clientIp"/>.</summary>
    public static async Task<HttpStatusCode> GraphQLAsync(ApiHost api, string clientIp)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent("""{"query":"{ __typename }"}""", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Forwarded-For", clientIp);
        using var response = await api.Anonymous.SendAsync(request);
        return response.StatusCode;
    }

    public static async Task<string> IssuerAsync(ApiHost api)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/.well-known/openid-configuration");
        request.Headers.Add("X-Forwarded-Proto", "https");
        using var response = await api.Anonymous.SendAsync(request);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("issuer").GetString()!;
    }
}

public sealed class TrustedProxyTests(TrustedProxyApi api) : IClassFixture<TrustedProxyApi>
{
    [Fact]
    public async Task Per_IP_limits_count_the_client_address_the_trusted_proxy_forwards()
    {
        var first = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            first.Add(await Forwarded.GraphQLAsync(api, "203.0.113.10"));
        }

        var another = await Forwarded.GraphQLAsync(api, "203.0.113.11");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], first);
        Assert.Equal(HttpStatusCode.OK, another);
    }

    [Fact]
    public async Task The_forwarded_scheme_makes_the_OAuth_addresses_https()
    {
        Assert.Equal($"https://{api.BaseAddress.Authority}/", await Forwarded.IssuerAsync(api));
    }
}

public sealed class UntrustedProxyTests(UntrustedProxyApi api) : IClassFixture<UntrustedProxyApi>
{
    [Fact]
    public async Task An_untrusted_peer_cannot_escape_the_limit_with_made_up_forwarded_addresses()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add(await Forwarded.GraphQLAsync(api, $"198.51.100.{i + 1}"));
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task An_untrusted_peer_cannot_change_the_scheme()
    {
        Assert.Equal($"http://{api.BaseAddress.Authority}/", await Forwarded.IssuerAsync(api));
    }
}
