using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;
using Xunit;

namespace ContactBox.TestSupport;

/// <summary>
/// A throwaway PostgreSQL server on a free loopback port, made from the machine's PostgreSQL
/// binaries in a temporary folder and deleted when stopped. Tests share <see cref="Shared"/>
/// and each test class creates its own database with <see cref="CreateDatabaseAsync"/>.
/// </summary>
/// <example>
/// <code>
/// PostgresServer.SkipUnlessAvailable();
/// var server = await PostgresServer.Shared;
/// var connectionString = await server.CreateDatabaseAsync("contacts");
/// </code>
/// </example>
public sealed class PostgresServer : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);
    private static readonly Lazy<Task<PostgresServer>> SharedServer = new(() => StartAsync(isShared: true));

    private readonly PostgresBinaries binaries;
    private readonly string root;
    private readonly bool isShared;
    private int databaseCount;
    private int stopped;

    private PostgresServer(PostgresBinaries binaries, string root, int port, bool isShared)
    {
        this.binaries = binaries;
        this.root = root;
        this.isShared = isShared;
        Port = port;
    }

    /// <summary>
    /// One server for the whole test process, started on first use and stopped after the process exits.
    /// Disposing it does nothing, since other test classes may still use it.
    /// </summary>
    public static Task<PostgresServer> Shared => SharedServer.Value;

    public int Port { get; }

    private string DataFolder => Path.Combine(root, "data");

    private string LogFile => Path.Combine(root, "postgres.log");

    private static bool IsCi =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static bool IsAvailable(out string reason) => PostgresBinaries.TryFind(out reason) is not null;

    /// <summary>
    /// Skips the calling <c>[SkippableFact]</c> when PostgreSQL is not installed, saying why.
    /// With <c>CI=true</c> it throws instead: a CI machine must have the server, and a skip would hide that.
    /// </summary>
    public static void SkipUnlessAvailable()
    {
        if (IsAvailable(out var reason))
        {
            return;
        }

        if (IsCi)
        {
            throw new InvalidOperationException(
                $"CI=true and the PostgreSQL tests cannot run: {reason} .ci/run installs the 'postgresql' package; " +
                "in CI a missing server fails the run instead of skipping tests.");
        }

        Skip.If(true, $"PostgreSQL is not available, so this test was skipped: {reason}");
    }

    public static Task<PostgresServer> StartAsync() => StartAsync(isShared: false);

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = IPAddress.Loopback.ToString(),
            Port = Port,
            Username = "postgres",
            Database = database,
            IncludeErrorDetail = true,
        }.ConnectionString;

    /// <summary>Creates an empty database with a name no other caller gets, and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string? prefix = null)
    {
        var name = $"{DatabasePrefix(prefix)}_{Interlocked.Increment(ref databaseCount)}";
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        return ConnectionString(name);
    }

    public async ValueTask DisposeAsync()
    {
        if (isShared || Interlocked.Exchange(ref stopped, 1) == 1)
        {
            return;
        }

        try
        {
            await ChildProcess.RunAsync(StopCommand(), root, CommandTimeout).ConfigureAwait(false);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<PostgresServer> StartAsync(bool isShared)
    {
        var binaries = PostgresBinaries.TryFind(out var reason)
            ?? throw new InvalidOperationException($"Cannot start PostgreSQL for tests: {reason}");
        var root = Path.Combine(Path.GetTempPath(), "contactbox-pg-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(root);
            if (PostgresBinaries.RunAsServiceUser)
            {
                await ChildProcess.RunAsync(
                    new ProgramCall("chown", [PostgresBinaries.ServiceUser, root]), root, CommandTimeout).ConfigureAwait(false);
            }

            await InitializeAsync(binaries, root).ConfigureAwait(false);
            var server = await StartOnFreePortAsync(binaries, root, isShared).ConfigureAwait(false);
            server.StartWatchdog();
            return server;
        }
        catch
        {
            Directory.Delete(root, recursive: true);
            throw;
        }
    }

    private static async Task InitializeAsync(PostgresBinaries binaries, string root)
    {
        var data = Path.Combine(root, "data");
        await ChildProcess.RunAsync(
            PostgresBinaries.AsServerUser(
                binaries.InitDb, "-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"),
            root,
            CommandTimeout).ConfigureAwait(false);

        // Rewriting the files in place keeps their owner. Only this machine may connect, without a password.
        await File.WriteAllTextAsync(Path.Combine(data, "pg_hba.conf"), """
            local all all trust
            host all all 127.0.0.1/32 trust
            """).ConfigureAwait(false);

        // A throwaway server needs no durability: skipping fsync and full-page writes makes tests much faster.
        await File.AppendAllTextAsync(Path.Combine(data, "postgresql.conf"), $"""

            listen_addresses = '127.0.0.1'
            unix_socket_directories = '{root}'
            max_connections = 300
            fsync = off
            synchronous_commit = off
            full_page_writes = off
            """).ConfigureAwait(false);
    }

    private static async Task<PostgresServer> StartOnFreePortAsync(PostgresBinaries binaries, string root, bool isShared)
    {
        // Another process may take the free port before the server binds it; then try another.
        for (var attempt = 1; ; attempt++)
        {
            var server = new PostgresServer(binaries, root, FreeLoopbackPort(), isShared);
            try
            {
                await ChildProcess.RunAsync(server.StartCommand(), root, CommandTimeout).ConfigureAwait(false);
                return server;
            }
            catch (InvalidOperationException exception)
            {
                var log = File.Exists(server.LogFile) ? await File.ReadAllTextAsync(server.LogFile).ConfigureAwait(false) : "";
                if (attempt < 5 && log.Contains("could not bind", StringComparison.Ordinal))
                {
                    continue;
                }

                throw new InvalidOperationException($"{exception.Message}\nServer log {server.LogFile}:\n{log}", exception);
            }
        }
    }

    /// <summary>
    /// Stops the server and deletes its folder once this process is gone. The test host is killed
    /// moments after the last test, too soon for exit handlers, and a killed test run must not leave
    /// servers behind either. The watchdog runs in its own session so Ctrl+C does not end it early;
    /// it also ends when <see cref="DisposeAsync"/> has deleted the folder.
    /// </summary>
    private void StartWatchdog()
    {
        const string Script = """
            alive() { if [ -d /proc/self ]; then [ -d "/proc/$1" ]; else kill -0 "$1" 2>/dev/null; fi; }
            while alive "$1" && [ -d "$4" ]; do sleep 1; done
            if [ -d "$4" ]; then "$2" stop -D "$3" -m immediate -w >/dev/null 2>&1; rm -rf "$4"; fi
            """;
        var watchdog = PostgresBinaries.AsServerUser(
            "/bin/sh", "-c", Script, "watchdog",
            Environment.ProcessId.ToString(CultureInfo.InvariantCulture), binaries.PgCtl, DataFolder, root);
        if (PostgresBinaries.FindOnPath("setsid") is not null)
        {
            watchdog = new ProgramCall("setsid", [watchdog.FileName, .. watchdog.Arguments]);
        }

        var startInfo = new ProcessStartInfo(watchdog.FileName)
        {
            WorkingDirectory = root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in watchdog.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start {watchdog}.");
        process.StandardInput.Close();
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string DatabasePrefix(string? prefix)
    {
        var name = new StringBuilder();
        foreach (var character in (prefix ?? "test").ToLowerInvariant())
        {
            name.Append(char.IsAsciiLetterOrDigit(character) ? character : '_');
        }

        if (name.Length == 0 || !char.IsAsciiLetter(name[0]))
        {
            name.Insert(0, "db_");
        }

        // PostgreSQL keeps 63 bytes of a name; leave room for the counter.
        return name.ToString(0, Math.Min(name.Length, 40));
    }

    private ProgramCall StartCommand() =>
        PostgresBinaries.AsServerUser(
            binaries.PgCtl, "start", "-D", DataFolder, "-l", LogFile, "-w", "-t", "60",
            "-o", $"-p {Port.ToString(CultureInfo.InvariantCulture)}");

    private ProgramCall StopCommand() =>
        PostgresBinaries.AsServerUser(binaries.PgCtl, "stop", "-D", DataFolder, "-m", "immediate", "-w");
}
