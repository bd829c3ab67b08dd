using ContactBox.Api.Hosting;
using ContactBox.Api.Tests.Support;

namespace ContactBox.Api.Tests.Schema;

/// <summary>schema/schema.graphql is the published contract: it must equal the schema the server runs.</summary>
public sealed class SchemaTests(SqliteApi api) : IClassFixture<SqliteApi>
{
    [Fact]
    public async Task The_published_schema_file_matches_the_running_schema()
    {
        var published = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "schema", "schema.graphql"));

        var running = SchemaExport.Print(api.Services);

        Assert.True(published == running,
            "schema/schema.graphql is stale. Regenerate it with: dotnet run --project src/Api -- schema export");
    }

    [Fact]
    public async Task The_served_sdl_is_the_published_schema()
    {
        var served = await api.Http.GetStringAsync("/graphql?sdl");

        Assert.Equal(SchemaExport.Print(api.Services), served);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ContactBox.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (ContactBox.sln) was not found above the test binaries.");
    }
}
