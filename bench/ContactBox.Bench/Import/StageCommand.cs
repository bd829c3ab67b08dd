using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ContactBox.Infrastructure.Import;

namespace ContactBox.Bench.Import;

/// <summary>
/// What counting an import file's records costs: staging a generated CSV file (copy to a temp file + SHA-256) as
/// <see cref="ImportFile.StageAsync"/> does now, with the count, beside the same loop without it (the staging as it
/// was), and the in-place read of a kept file (<see cref="ImportFile.InspectAsync"/>, a fileId run without kept facts) and the count
/// alone; interleaved rounds, medians. The file is in the page cache after the warm-up, so the figures are CPU, not disk.
/// </summary>
internal static class StageCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var megabytes = Argument(args, "--mb", 100);
        var rounds = Argument(args, "--rounds", 7);
        var path = Path.Combine(Path.GetTempPath(), $"contactbox-stage-bench-{megabytes}mb.csv");
        var rows = await WriteFileAsync(path, megabytes * 1024L * 1024L);
        var length = new FileInfo(path).Length;

        var cases = new (string Name, Func<Task<long?>> Run)[]
        {
            ("stage without count (before)", async () => { await StageWithoutCountAsync(path); return null; }),
            ("stage with count (StageAsync)", async () =>
            {
                await using var source = File.OpenRead(path);
                await using var staged = await ImportFile.StageAsync(source, long.MaxValue, CancellationToken.None);
                return staged.Records.Records;
            }),
            ("read in place with count (InspectAsync)", async () =>
            {
                await using var kept = await ImportFile.InspectAsync(path, CancellationToken.None);
                return kept.Records.Records;
            }),
            ("count alone (CsvRecordCounter)", async () =>
            {
                var counter = new CsvRecordCounter();
                await using var source = File.OpenRead(path);
                var buffer = new byte[81920];
                int read;
                while ((read = await source.ReadAsync(buffer)) > 0)
                {
                    counter.Append(buffer.AsSpan(0, read));
                }

                return counter.Complete([]).Records;
            }),
        };

        var times = cases.Select(_ => new List<double>()).ToArray();
        for (var round = -1; round < rounds; round++)
        {
            for (var i = 0; i < cases.Length; i++)
            {
                var watch = Stopwatch.StartNew();
                var counted = await cases[i].Run();
                watch.Stop();
                if (counted is { } records && records != rows + 1)
                {
                    Console.Error.WriteLine($"{cases[i].Name}: counted {records} records, the file has {rows + 1}.");
                    return 1;
                }

                if (round >= 0)
                {
                    times[i].Add(watch.Elapsed.TotalMilliseconds);
                }
            }
        }

        var baseline = Median(times[0]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{length / 1024.0 / 1024.0:F1} MiB, {rows:N0} rows (a tenth quoted over two lines), {rounds} rounds, medians:"));
        Console.WriteLine("| case | median ms | MiB/s | vs. stage without count |");
        Console.WriteLine("|---|---:|---:|---:|");
        for (var i = 0; i < cases.Length; i++)
        {
            var median = Median(times[i]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {cases[i].Name} | {median:F0} | {length / 1024.0 / 1024.0 / (median / 1000):F0} | {median / baseline:F2}x |"));
        }

        File.Delete(path);
        return 0;
    }

    /// <summary>The staging loop as it was before the count: copy and hash, same buffer and file options.</summary>
    private static async Task StageWithoutCountAsync(string path)
    {
        var target = Path.Combine(Path.GetTempPath(), "contactbox-import-" + Guid.NewGuid().ToString("N") + ".csv");
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using var source = File.OpenRead(path);
            await using var copy = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
            var buffer = new byte[81920];
            int read;
            while ((read = await source.ReadAsync(buffer)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                await copy.WriteAsync(buffer.AsMemory(0, read));
            }

            hash.GetHashAndReset();
        }
        finally
        {
            File.Delete(target);
        }
    }

    /// <summary>A contact file of about <paramref name="bytes"/> bytes; every tenth row has a street quoted over two lines.</summary>
    private static async Task<long> WriteFileAsync(string path, long bytes)
    {
        await using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        await writer.WriteAsync("firstName,lastName,email,street,postalCode,city\r\n");
        long rows = 0;
        for (long written = 0; written < bytes; rows++)
        {
            var line = rows % 10 == 0
                ? string.Create(CultureInfo.InvariantCulture, $"Erika,Müller{rows},erika{rows}@example.org,\"Hauptstraße {rows % 200}\r\nHinterhaus, 2. OG\",{10000 + rows % 89999},Köln\r\n")
                : string.Create(CultureInfo.InvariantCulture, $"Hans,Weiß{rows},hans{rows}@example.org,Am Markt {rows % 90},{10000 + rows % 89999},Berlin\r\n");
            await writer.WriteAsync(line);
            written += Encoding.UTF8.GetByteCount(line);
        }

        return rows;
    }

    private static int Argument(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
