using System.Text;
using ContactBox.Api.Tests.Attachments;
using ContactBox.Api.Tests.Support;

namespace ContactBox.Api.Tests.Import;

/// <summary>The upload limit (the attachments' MaxFileBytes, 256 KiB here) holds for import files too, and the server keeps serving.</summary>
public abstract class ImportLimitTests(ApiHost api)
{
    [SkippableFact]
    public async Task A_file_over_the_upload_limit_gets_FileTooLargeError_and_nothing_is_written()
    {
        api.SkipIfUnavailable();
        var ws = await ImportWorkspace.CreateAsync(api);
        var csv = new StringBuilder("firstName,lastName,email\n");
        for (var i = 0; csv.Length <= AttachmentSettings.MaxFileBytes; i++)
        {
            csv.Append("Anna,Alt").Append(i).Append(",anna").Append(i).Append("@example.org\n");
        }

        var payload = await ws.ImportAsync(csv.ToString());
        var after = await ws.ImportAsync("firstName,lastName\nBen,Berg\n");

        Assert.Equal("""[{"__typename":"FileTooLargeError","message":"The file is larger than the maximum of 262144 bytes."}]""", payload.GetProperty("errors").GetRawText());
        Assert.Equal((1L, 1L, 0L, 0L, 0L, true), after.Counts());
        Assert.Equal(["Ben Berg <>"], await ws.ContactsAsync());
    }
}

public sealed class SqliteImportLimitTests(SqliteAttachmentApi api) : ImportLimitTests(api), IClassFixture<SqliteAttachmentApi>;
