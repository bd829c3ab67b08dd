using System.Net;
using ContactBox.Api.Tests.Support;
using ContactBox.Api.Workspaces;

namespace ContactBox.Api.Tests.Auth;

/// <summary>The <c>workspace create</c> verb's work: a new workspace whose first admin can sign in and whose client gets tokens.</summary>
public sealed class WorkspaceBootstrapTests(SqliteApi api) : IClassFixture<SqliteApi>
{
    [Fact]
    public async Task A_new_workspace_gets_a_first_admin_who_signs_in_and_a_client_that_gets_tokens()
    {
        var created = await WorkspaceCommand.CreateAsync(api.Services, "Acme", "anna@acme.example", "Anna Admin", "Acme integration", CancellationToken.None);

        using var browser = await api.BrowserAsync(created.WorkspaceId);
        var tokens = await browser.SignInAsync(created.AdminEmail, created.AdminPassword);
        var me = await new GraphQLClient(api.WithToken(tokens.AccessToken)).QueryAsync("{ me { member { name email roles } workspace { name } } }");
        using var clientToken = await api.RequestTokenAsync(created.Client);

        Assert.Equal("""{"me":{"member":{"name":"Anna Admin","email":"anna@acme.example","roles":["MEMBER","DPO","ADMIN"]},"workspace":{"name":"Acme"}}}""", me.GetRawText());
        Assert.Equal(HttpStatusCode.OK, clientToken.StatusCode);
        Assert.True(created.AdminPassword.Length >= 20, "The generated password must be long.");
    }
}
