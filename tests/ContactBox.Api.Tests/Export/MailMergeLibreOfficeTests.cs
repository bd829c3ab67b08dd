using System.Diagnostics;
using System.Text;
using ContactBox.Api.Tests.Privacy;
using ContactBox.Api.Tests.Support;

namespace ContactBox.Api.Tests.Export;

/// <summary>
/// A MAIL_MERGE file as LibreOffice reads it: converted headless (soffice --convert-to) with the German CSV import
/// settings (semicolon, UTF-8) into a comma-separated file, it has the right columns and umlauts, no BOM in the first
/// header, and a formula-like value stays text. Needs the Debian package libreoffice-calc-nogui (.ci/run installs it).
/// </summary>
public sealed class MailMergeLibreOfficeTests(SqliteApi api) : IClassFixture<SqliteApi>
{
    [SkippableFact]
    public async Task LibreOffice_opens_a_mail_merge_file_with_the_right_columns_and_umlauts()
    {
        api.SkipIfUnavailable();
        var soffice = new[] { "/usr/bin/soffice", "/usr/local/bin/soffice" }.FirstOrDefault(File.Exists);
        if (soffice is null && Environment.GetEnvironmentVariable("CI") == "true")
        {
            throw new InvalidOperationException("LibreOffice (soffice) is required in CI: .ci/run installs libreoffice-calc-nogui.");
        }

        Skip.If(soffice is null, "LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui.");
        var ws = await ExportTestKit.WorkspaceAsync(api);
        var orders = await PrivacyTestKit.PurposeAsync(ws.GraphQL, "Orders", "CONTRACT");
        var (erika, hans, xaver) = await ExportTestKit.SampleContactsAsync(ws.GraphQL);
        var result = await ExportTestKit.ExportAsync(ws.GraphQL, new
        {
            contactIds = new[] { erika, hans, xaver },
            fields = new[] { "LETTER_SALUTATION", "FIRST_NAME", "LAST_NAME", "CITY", "JOB_TITLE" },
            purposeId = orders,
            preset = "MAIL_MERGE",
        });
        var folder = Directory.CreateTempSubdirectory("export-lo-");
        try
        {
            var input = Path.Combine(folder.FullName, "serienbrief.csv");
            await File.WriteAllBytesAsync(input, await ExportTestKit.DownloadAsync(api.Anonymous, result));
            var output = Path.Combine(folder.FullName, "out");
            using var process = Process.Start(new ProcessStartInfo(soffice!)
            {
                ArgumentList =
                {
                    $"-env:UserInstallation=file://{folder.FullName}/profile", "--headless",
                    "--infilter=CSV:59,34,76,1", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", output, input,
                },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await process.WaitForExitAsync(timeout.Token);
            Assert.Equal(0, process.ExitCode);

            Assert.Equal(
                "\"Briefanrede\",\"Vorname\",\"Nachname\",\"Ort\",\"Position\"\n"
                + "\"Sehr geehrte Frau Dr. Müller\",\"Erika\",\"Müller\",\"München\",\n"
                + "\"Sehr geehrter Herr Weiß; Sohn\",\"Hans \"\"Hansi\"\"\",\"Weiß; Sohn\",\"Dresden\",\n"
                + "\"Guten Tag Xaver Formel\",\"Xaver\",\"Formel\",,\"'=HYPERLINK(\"\"http://evil.example\"\";\"\"Klick\"\")\"\n",
                await File.ReadAllTextAsync(Path.Combine(output, "serienbrief.csv"), new UTF8Encoding(false)));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
