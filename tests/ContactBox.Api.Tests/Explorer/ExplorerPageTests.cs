using System.Net;
using System.Net.Http.Headers;
using ContactBox.Api.Explorer;
using ContactBox.Api.Tests.Support;

namespace ContactBox.Api.Tests.Explorer;

public sealed class ExplorerPageTests(SqliteApi api) : IClassFixture<SqliteApi>
{
    [Fact]
    public async Task A_browser_gets_the_explorer_page_and_its_configuration_without_a_token()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        using var page = await api.Anonymous.SendAsync(request);
        var html = await page.Content.ReadAsStringAsync();
        var config = await api.Anonymous.GetStringAsync("/graphql/bcp-config.json");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<base href=\"/graphql/\">", html, StringComparison.Ordinal);
        Assert.Contains("<title>Banana Cake Pop</title>", html, StringComparison.Ordinal);
        Assert.Equal("""{"useBrowserUrlAsEndpoint":true,"title":"ContactBox","useGet":false,"includeCookies":false,"disableTelemetry":true}""", config);
    }

    [Fact]
    public async Task Files_outside_the_explorer_assets_are_not_served()
    {
        using var manifest = await api.Http.GetAsync("/graphql/package.json");
        using var traversal = await api.Http.GetAsync("/graphql/static/..%2F..%2Fpackage.json");

        Assert.Equal(HttpStatusCode.NotFound, manifest.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, traversal.StatusCode);
    }
}

public sealed class MissingExplorerTests(SqliteApiWithoutExplorer api) : IClassFixture<SqliteApiWithoutExplorer>
{
    [Fact]
    public async Task Without_the_explorer_files_the_page_says_how_to_install_them_and_the_api_still_works()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        using var page = await api.Http.SendAsync(request);
        var html = await page.Content.ReadAsStringAsync();
        var query = await api.GraphQL.QueryAsync("{ __typename }");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("The GraphQL explorer is not installed", html, StringComparison.Ordinal);
        Assert.Contains(ExplorerEndpoints.InstallCommand, html, StringComparison.Ordinal);
        Assert.Equal("Query", query.GetProperty("__typename").GetString());
    }
}
