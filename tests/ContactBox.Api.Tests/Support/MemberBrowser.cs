using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace ContactBox.Api.Tests.Support;

/// <summary>The answer of the token endpoint to a code or refresh token.</summary>
public sealed record MemberTokens(string AccessToken, string? RefreshToken, string? IdToken);

/// <summary>
/// A browser as plain HTTP: a cookie jar, no automatic redirects. Walks the authorization code flow with PKCE
/// the way a member's browser and a frontend do: authorize → sign-in page → POST with the antiforgery token →
/// back to authorize → code at the redirect URI → token endpoint with the code verifier.
/// </summary>
public sealed partial class MemberBrowser(Uri baseAddress, string clientId, Uri redirectUri) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = baseAddress };

    public const string AllScopes = "openid offline_access profile email roles contacts.read contacts.write attachments export import privacy.admin admin";

    public string CodeVerifier { get; } = Base64Url(RandomNumberGenerator.GetBytes(32));

    public HttpClient Http => _http;

    public string AuthorizeUrl(string scope = AllScopes, string? prompt = null)
    {
        var query = new Dictionary<string, string?>
        {
            ["client_id"] = clientId,
            ["response_type"] = "code",
            ["redirect_uri"] = redirectUri.ToString(),
            ["scope"] = scope,
            ["state"] = "s" + Guid.NewGuid().ToString("N"),
            ["code_challenge"] = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(CodeVerifier))),
            ["code_challenge_method"] = "S256",
        };
        if (prompt is not null)
        {
            query["prompt"] = prompt;
        }

        return QueryHelpers.AddQueryString("/connect/authorize", query);
    }

    /// <summary>GET on a URL, expecting a redirect; returns where it points.</summary>
    public async Task<Uri> RedirectOfAsync(string url)
    {
        using var response = await _http.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Expected a redirect from {url}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return new Uri(baseAddress, response.Headers.Location!);
    }

    /// <summary>Opens the sign-in page at <paramref name="signInUrl"/> and posts the form as a member would.</summary>
    public async Task<HttpResponseMessage> SubmitSignInAsync(Uri signInUrl, string email, string password)
    {
        var page = await _http.GetStringAsync(signInUrl);
        return await _http.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = HiddenField(page, "__RequestVerificationToken"),
            ["returnUrl"] = WebUtility.HtmlDecode(HiddenField(page, "returnUrl")),
            ["email"] = email,
            ["password"] = password,
        }));
    }

    /// <summary>The whole flow up to the code, signing in when the authorize endpoint asks for it.</summary>
    public async Task<string> CodeAsync(string email, string password, string scope = AllScopes)
    {
        var next = await RedirectOfAsync(AuthorizeUrl(scope));
        if (next.AbsolutePath == "/account/signin")
        {
            using var signedIn = await SubmitSignInAsync(next, email, password);
            Assert.True(signedIn.StatusCode == HttpStatusCode.Redirect, $"The sign-in failed: {await signedIn.Content.ReadAsStringAsync()}");
            next = await RedirectOfAsync(signedIn.Headers.Location!.ToString());
        }

        return CodeFrom(next);
    }

    public string CodeFrom(Uri redirect)
    {
        Assert.StartsWith(redirectUri.ToString(), redirect.ToString());
        var query = QueryHelpers.ParseQuery(redirect.Query);
        Assert.True(query.ContainsKey("code"), $"No code in {redirect}");
        return query["code"].ToString();
    }

    public Task<HttpResponseMessage> RedeemCodeAsync(string code, string? codeVerifier = null) =>
        _http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = clientId,
            ["code"] = code,
            ["redirect_uri"] = redirectUri.ToString(),
            ["code_verifier"] = codeVerifier ?? CodeVerifier,
        }));

    public Task<HttpResponseMessage> RefreshAsync(string refreshToken) =>
        _http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = clientId,
            ["refresh_token"] = refreshToken,
        }));

    public static async Task<MemberTokens> ReadTokensAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"The token request failed: {body}");
        var json = JsonDocument.Parse(body).RootElement;
        return new MemberTokens(
            json.GetProperty("access_token").GetString()!,
            json.TryGetProperty("refresh_token", out var refresh) ? refresh.GetString() : null,
            json.TryGetProperty("id_token", out var id) ? id.GetString() : null);
    }

    /// <summary>Signs in and redeems the code: the tokens a frontend holds after the member signed in.</summary>
    public async Task<MemberTokens> SignInAsync(string email, string password, string scope = AllScopes)
    {
        var code = await CodeAsync(email, password, scope);
        using var response = await RedeemCodeAsync(code);
        return await ReadTokensAsync(response);
    }

    /// <summary>The hidden fields of a page's form (the request's parameters, the antiforgery token), decoded.</summary>
    public static Dictionary<string, string> HiddenFields(string html) =>
        Regex.Matches(html, "type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"")
            .ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));

    /// <summary>Posts a page's form as its button <paramref name="button"/>=<paramref name="value"/> would.</summary>
    public Task<HttpResponseMessage> SubmitFormAsync(string html, string action, string button, string value, IReadOnlyDictionary<string, string>? fields = null)
    {
        var form = HiddenFields(html);
        form[button] = value;
        foreach (var (key, field) in fields ?? new Dictionary<string, string>())
        {
            form[key] = field;
        }

        return _http.PostAsync(action, new FormUrlEncodedContent(form));
    }

    public static string HiddenField(string html, string name)
    {
        var match = Regex.Match(html, $"""name="{Regex.Escape(name)}" value="([^"]*)" """.TrimEnd());
        Assert.True(match.Success, $"No field {name} in {html}");
        return match.Groups[1].Value;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public void Dispose() => _http.Dispose();
}
