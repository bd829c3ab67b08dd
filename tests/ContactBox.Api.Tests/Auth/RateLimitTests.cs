using System.Net;
using ContactBox.Api.Tests.Support;
using ContactBox.Infrastructure.Persistence;

namespace ContactBox.Api.Tests.Auth;

/// <summary>A host with low rate limits, so that a test can reach them.</summary>
public sealed class LowRateLimitApi : ApiHost
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["ContactBox:RateLimits:TokenPerIp"] = "5",
        ["ContactBox:RateLimits:SignInPerIp"] = "3",
        ["ContactBox:RateLimits:GraphQLPerIp"] = "3",
    };

    protected override Task<string?> ConnectionStringAsync() => Task.FromResult<string?>(null);
}

public sealed class RateLimitTests(LowRateLimitApi api) : IClassFixture<LowRateLimitApi>
{
    [Fact]
    public async Task The_token_endpoint_answers_429_with_Retry_After_when_hammered()
    {
        var statuses = new List<HttpResponseMessage>();
        for (var i = 0; i < 8; i++)
        {
            statuses.Add(await api.Anonymous.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials", ["client_id"] = "nobody", ["client_secret"] = "guess" + i,
            })));
        }

        var limited = statuses.Last();
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After is missing.");
        Assert.Contains(statuses, s => s.StatusCode == HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_sign_in_form_answers_429_when_hammered_from_one_address()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await api.Anonymous.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "x@example.de" }));
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, statuses.Last());
    }

    [Fact]
    public async Task Anonymous_GraphQL_is_limited_per_address_but_a_token_has_its_own_allowance()
    {
        var anonymous = new GraphQLClient(api.Anonymous);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await anonymous.SendAsync("{ __typename }")).Status);
        }

        var authenticated = await api.GraphQL.SendAsync("{ __typename }");

        Assert.Equal(HttpStatusCode.TooManyRequests, statuses.Last());
        Assert.Equal(HttpStatusCode.OK, authenticated.Status);
    }
}
