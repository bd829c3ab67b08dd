using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using ContactBox.Api.Tests.Support;

namespace ContactBox.Api.Tests.Attachments;

/// <summary>
/// The API as a real process (the built ContactBox.Api.dll) on a SQLite database, killed with SIGKILL in the middle of
/// an upload and started again: the staging file the dead upload left is swept at startup, no row appears. Then
/// the <c>attachments sweep</c> verb removes what a crash between storing a blob and committing its row leaves.
/// </summary>
public sealed class AttachmentCrashTests : IDisposable
{
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "contactbox-crash", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Killing_the_server_during_an_upload_leaves_no_row_and_no_file_after_the_restart()
    {
        var port = FreePort();
        var first = ApiProcess.Start(_dataPath, port);
        HttpClient http;
        string contactId;
        try
        {
            http = await first.ClientAsync();
            contactId = (await new TestData(new GraphQLClient(http)).PersonAsync("Absturz", "Test")).GetProperty("id").GetString()!;
            var staging = Path.Combine(_dataPath, "attachments", "staging");
            using var killed = new CancellationTokenSource();
            var upload = SendNeverEndingUploadAsync(http, contactId, killed.Token);
            Assert.True(await EventuallyAsync(() => Directory.Exists(staging) && Directory.GetFiles(staging).Length == 1), "The upload never reached the store.");

            first.Kill();
            await killed.CancelAsync();
            await Assert.ThrowsAnyAsync<Exception>(() => upload);
            Assert.Single(Directory.GetFiles(staging));
        }
        finally
        {
            first.Kill();
        }

        // The staging file is older than the grace period by the time the new process sweeps at startup.
        await Task.Delay(1500);
        var second = ApiProcess.Start(_dataPath, port, ("ContactBox__Attachments__StagingGrace", "00:00:01"));
        try
        {
            var graphQL = new GraphQLClient(await second.ClientAsync());
            var storage = await graphQL.QueryAsync("query ($id: ID!) { storage { usedBytes attachmentCount } node(id: $id) { ... on Contact { attachments { totalCount } } } }", new { id = contactId });

            Assert.Equal("""{"storage":{"usedBytes":0,"attachmentCount":0},"node":{"attachments":{"totalCount":0}}}""", storage.GetRawText());
            Assert.Empty(Directory.GetFiles(Path.Combine(_dataPath, "attachments", "staging")));
            Assert.False(Directory.Exists(Path.Combine(_dataPath, "attachments", "blobs")) && Directory.GetFiles(Path.Combine(_dataPath, "attachments", "blobs"), "*", SearchOption.AllDirectories).Length > 0);
        }
        finally
        {
            second.Kill();
        }

        // What a crash after the blob was put in place but before its row was committed leaves: a blob no row names.
        var orphan = Path.Combine(_dataPath, "attachments", "blobs", Guid.NewGuid().ToString("N"), "bb", new string('b', 64));
        Directory.CreateDirectory(Path.GetDirectoryName(orphan)!);
        await File.WriteAllTextAsync(orphan, "orphan");
        var sweep = await ApiProcess.RunAsync(_dataPath, "attachments", "sweep");

        Assert.Equal((0, "Removed 0 stale staging files and 1 orphan blobs."), (sweep.ExitCode, sweep.Output.Trim().Split('\n')[^1]));
        Assert.False(File.Exists(orphan));
    }

    private static async Task SendNeverEndingUploadAsync(HttpClient http, string contactId, CancellationToken killed)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new EndlessUpload(contactId, killed) };
        request.Headers.Add("GraphQL-Preflight", "1");
        using var response = await http.SendAsync(request, killed);
    }

    private static async Task<bool> EventuallyAsync(Func<bool> condition)
    {
        for (var i = 0; i < 300 && !condition(); i++)
        {
            await Task.Delay(100);
        }

        return condition();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataPath))
        {
            Directory.Delete(_dataPath, recursive: true);
        }
    }

    /// <summary>A PDF that keeps coming until the server dies.</summary>
    private sealed class EndlessUpload : HttpContent
    {
        private const string Boundary = "crashboundary";
        private readonly string _contactId;
        private readonly CancellationToken _killed;

        public EndlessUpload(string contactId, CancellationToken killed)
        {
            (_contactId, _killed) = (contactId, killed);
            Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={Boundary}");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var operations = JsonSerializer.Serialize(new { query = AttachmentWorkspace.Upload, variables = new { input = new { ownerId = _contactId, file = (object?)null } } });
            var head = $"--{Boundary}\r\nContent-Disposition: form-data; name=\"operations\"\r\n\r\n{operations}\r\n--{Boundary}\r\nContent-Disposition: form-data; name=\"map\"\r\n\r\n{{\"0\":[\"variables.input.file\"]}}\r\n"
                       + $"--{Boundary}\r\nContent-Disposition: form-data; name=\"0\"; filename=\"endless.pdf\"\r\n\r\n";
            await stream.WriteAsync(Encoding.UTF8.GetBytes(head), _killed);
            var chunk = SampleFiles.Pdf(16 * 1024, 5);
            while (true)
            {
                await stream.WriteAsync(chunk, _killed);
                await stream.FlushAsync(_killed);
                await Task.Delay(50, _killed);
                chunk[0] = (byte)'x';
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}

/// <summary>The built API started as its own process, the way it runs in production.</summary>
internal sealed class ApiProcess
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ApiProcess(Process process, string dataPath, int port)
    {
        _process = process;
        DataPath = dataPath;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
    }

    public string DataPath { get; }
    public Uri BaseAddress { get; }

    public static ApiProcess Start(string dataPath, int port, params (string Name, string Value)[] settings)
    {
        var process = new Process { StartInfo = StartInfo(dataPath, settings) };
        process.StartInfo.Environment["Urls"] = $"http://127.0.0.1:{port}";
        var api = new ApiProcess(process, dataPath, port);
        process.OutputDataReceived += (_, e) => api.Append(e.Data);
        process.ErrorDataReceived += (_, e) => api.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return api;
    }

    /// <summary>Runs a CLI verb to its end.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string dataPath, params string[] args)
    {
        var info = StartInfo(dataPath, []);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await output + await error);
    }

    /// <summary>An HTTP client with a token of the demo client, once the API is ready.</summary>
    public async Task<HttpClient> ClientAsync()
    {
        using var probe = new HttpClient { BaseAddress = BaseAddress };
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            Assert.False(_process.HasExited, $"The API exited: {Output}");
            try
            {
                if ((await probe.GetAsync("/health/ready")).IsSuccessStatusCode)
                {
                    break;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }

            Assert.True(DateTime.UtcNow < deadline, $"The API did not become ready: {Output}");
            await Task.Delay(200);
        }

        var demo = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(DataPath, "demo-client.json"))).RootElement;
        using var token = await probe.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = demo.GetProperty("ClientId").GetString()!,
            ["client_secret"] = demo.GetProperty("ClientSecret").GetString()!,
        }));
        var accessToken = JsonDocument.Parse(await token.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString();
        var http = new HttpClient { BaseAddress = BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return http;
    }

    /// <summary>SIGKILL: no shutdown, no cleanup, as a crash or the OOM killer.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    private string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    private void Append(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static ProcessStartInfo StartInfo(string dataPath, (string Name, string Value)[] settings)
    {
        var api = ApiAssembly();
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(api)!, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(api);
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["ContactBox__DataPath"] = dataPath;
        info.Environment["ContactBox__Database__Provider"] = "Sqlite";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in settings)
        {
            info.Environment[name] = value;
        }

        return info;
    }

    /// <summary>ContactBox.Api.dll as built beside these tests (same configuration).</summary>
    private static string ApiAssembly()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ContactBox.sln")))
        {
            directory = directory.Parent;
        }

        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        var path = Path.Combine(directory?.FullName ?? throw new InvalidOperationException("ContactBox.sln not found above the test folder."), "src", "Api", "bin", configuration, "net10.0", "ContactBox.Api.dll");
        return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is missing; build src/Api first.");
    }
}
