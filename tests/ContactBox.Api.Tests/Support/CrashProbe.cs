using System.Globalization;
using System.Text;

namespace ContactBox.Api.Tests.Support;

/// <summary>What the crash tests (an API process killed while an import writes) share: a large file and a way to see it being written.</summary>
internal static class CrashProbe
{
    /// <summary>The bytes of SQLite's write-ahead logs under <paramref name="dataPath"/>: they grow while a transaction writes.</summary>
    public static long WalBytes(string dataPath) =>
        Directory.Exists(dataPath) ? Directory.GetFiles(dataPath, "*-wal", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length) : 0;

    /// <summary>firstName,lastName,email rows: "{name},Test{i},{name}{i}@example.org" (lower-case address).</summary>
    public static byte[] ContactsCsv(string name, int rows)
    {
        var csv = new StringBuilder("firstName,lastName,email\n");
        var mail = name.ToLowerInvariant();
        for (var i = 0; i < rows; i++)
        {
            var n = i.ToString(CultureInfo.InvariantCulture);
            csv.Append(name).Append(",Test").Append(n).Append(',').Append(mail).Append(n).Append("@example.org\n");
        }

        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    /// <summary>Polls <paramref name="condition"/> until it holds (true) or <paramref name="within"/> (a minute by default) has passed (false).</summary>
    public static async Task<bool> EventuallyAsync(Func<bool> condition, TimeSpan? within = null)
    {
        for (var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromMinutes(1)); DateTime.UtcNow < deadline; await Task.Delay(50))
        {
            if (condition())
            {
                return true;
            }
        }

        return false;
    }
}
