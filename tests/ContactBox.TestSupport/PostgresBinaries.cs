namespace ContactBox.TestSupport;

/// <summary>
/// Where PostgreSQL's server programs live. Debian keeps them in a versioned folder
/// (<c>/usr/lib/postgresql/15/bin</c>), not on PATH; other systems put them on PATH.
/// <c>CONTACTBOX_POSTGRES_BIN</c> names the folder explicitly.
/// </summary>
internal sealed record PostgresBinaries(string InitDb, string PgCtl)
{
    public const string OverrideVariable = "CONTACTBOX_POSTGRES_BIN";
    public const string ServiceUser = "postgres";
    private const string DebianRoot = "/usr/lib/postgresql";

    /// <summary>PostgreSQL refuses to run as root, so root runs it as the Debian package's <c>postgres</c> user.</summary>
    public static bool RunAsServiceUser => Environment.UserName == "root";

    public static PostgresBinaries? TryFind(out string reason)
    {
        if (OperatingSystem.IsWindows())
        {
            reason = "the throwaway PostgreSQL server for tests runs on Linux and macOS only.";
            return null;
        }

        var folder = FindFolder();
        if (folder is null)
        {
            reason = $"PostgreSQL's initdb, pg_ctl and postgres were not found in {DebianRoot}/*/bin, " +
                $"on PATH or in ${OverrideVariable}. Install them with 'apt-get install postgresql' (Debian/Ubuntu).";
            return null;
        }

        if (RunAsServiceUser && !ServiceUserExists())
        {
            reason = $"running as root, PostgreSQL must run as the '{ServiceUser}' user, which does not exist " +
                "(the Debian 'postgresql' package creates it).";
            return null;
        }

        if (RunAsServiceUser && FindOnPath("runuser") is null)
        {
            reason = "running as root needs 'runuser' (util-linux) to start PostgreSQL as the 'postgres' user.";
            return null;
        }

        reason = string.Empty;
        return new PostgresBinaries(Path.Combine(folder, "initdb"), Path.Combine(folder, "pg_ctl"));
    }

    /// <summary>Runs <paramref name="program"/> as the user that may run PostgreSQL.</summary>
    public static ProgramCall AsServerUser(string program, params string[] arguments) =>
        RunAsServiceUser
            ? new ProgramCall("runuser", ["-u", ServiceUser, "--", program, .. arguments])
            : new ProgramCall(program, arguments);

    private static string? FindFolder()
    {
        var configured = Environment.GetEnvironmentVariable(OverrideVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return HasServerPrograms(configured) ? configured : null;
        }

        if (Directory.Exists(DebianRoot))
        {
            var newest = Directory.GetDirectories(DebianRoot)
                .Select(folder => (Folder: Path.Combine(folder, "bin"), Version: ParseVersion(Path.GetFileName(folder))))
                .Where(candidate => candidate.Version is not null && HasServerPrograms(candidate.Folder))
                .OrderByDescending(candidate => candidate.Version)
                .FirstOrDefault();
            if (newest.Folder is not null)
            {
                return newest.Folder;
            }
        }

        var initDb = FindOnPath("initdb");
        var folderOnPath = initDb is null ? null : Path.GetDirectoryName(initDb);
        return folderOnPath is not null && HasServerPrograms(folderOnPath) ? folderOnPath : null;
    }

    private static Version? ParseVersion(string name) =>
        Version.TryParse(name.Contains('.', StringComparison.Ordinal) ? name : name + ".0", out var version) ? version : null;

    private static bool HasServerPrograms(string folder) =>
        File.Exists(Path.Combine(folder, "initdb")) &&
        File.Exists(Path.Combine(folder, "pg_ctl")) &&
        File.Exists(Path.Combine(folder, "postgres"));

    public static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, program))
            .FirstOrDefault(File.Exists);

    private static bool ServiceUserExists() =>
        File.Exists("/etc/passwd") &&
        File.ReadLines("/etc/passwd").Any(line => line.StartsWith(ServiceUser + ":", StringComparison.Ordinal));
}
