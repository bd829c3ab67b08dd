using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Xunit;

namespace ContactBox.TestSupport;

/// <summary>
/// A throwaway redis-server (the Debian package's binary) on a free loopback port, without persistence, stopped on
/// dispose and when the test process exits. Like <see cref="PostgresServer"/>: with <c>CI=true</c> a missing binary
/// fails the test; elsewhere the test is skipped with the reason.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly Process _process;

    private RedisServer(Process process, int port)
    {
        _process = process;
        Port = port;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
    }

    public int Port { get; }

    /// <summary>A StackExchange.Redis connection string for this server.</summary>
    public string ConnectionString => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)},abortConnect=false";

    private static readonly string[] KnownPaths = ["/usr/bin/redis-server", "/usr/local/bin/redis-server"];

    public static string? FindBinary() =>
        KnownPaths.FirstOrDefault(File.Exists)
        ?? PostgresBinaries.FindOnPath("redis-server");

    /// <summary>Skips the calling test unless redis-server is installed; with CI=true it throws instead.</summary>
    public static void SkipUnlessAvailable()
    {
        if (FindBinary() is not null)
        {
            return;
        }

        const string Reason = "redis-server was not found (Debian package 'redis-server'; .ci/run installs it).";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException("CI=true and the Redis tests cannot run: " + Reason);
        }

        Skip.If(true, "Redis is not available, so this test was skipped: " + Reason);
    }

    public static async Task<RedisServer> StartAsync()
    {
        var binary = FindBinary() ?? throw new InvalidOperationException("redis-server was not found.");
        for (var attempt = 1; ; attempt++)
        {
            var port = FreeLoopbackPort();
            var startInfo = new ProcessStartInfo(binary)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
            };
            string[] arguments = ["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no"];
            foreach (var argument in arguments)
            {
                startInfo.ArgumentList.Add(argument);
            }

            var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {binary}.");
            process.StandardInput.Close();
            var output = new StringBuilder();
            process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
            process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            var server = new RedisServer(process, port);
            if (await server.WaitUntilReadyAsync().ConfigureAwait(false))
            {
                return server;
            }

            server.Stop();
            if (attempt == 3)
            {
                string log;
                lock (output)
                {
                    log = output.ToString();
                }

                throw new InvalidOperationException($"redis-server did not start on port {port}:\n{log}");
            }
        }
    }

    private async Task<bool> WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port).ConfigureAwait(false);
                var stream = client.GetStream();
                await stream.WriteAsync("PING\r\n"u8.ToArray()).ConfigureAwait(false);
                var buffer = new byte[16];
                var read = await stream.ReadAsync(buffer).ConfigureAwait(false);
                if (Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal))
                {
                    return true;
                }
            }
            catch (SocketException)
            {
                // not listening yet
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        return false;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Stop()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
