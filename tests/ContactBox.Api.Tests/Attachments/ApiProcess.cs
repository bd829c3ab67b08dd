using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace ContactBox.Api.Tests.Attachments;

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

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

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
