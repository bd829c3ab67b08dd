using System.Diagnostics;
using System.Text;

namespace ContactBox.TestSupport;

/// <summary>Runs a short-lived program and keeps what it printed for error messages.</summary>
internal static class ChildProcess
{
    public static async Task<string> RunAsync(
        ProgramCall command, string workingDirectory, TimeSpan timeout)
    {
        using var process = Start(command, workingDirectory, out var output);
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{command} did not finish within {timeout}.\n{output}");
        }

        return Check(process, command, output);
    }

    /// <summary>For process exit, where nothing can be awaited.</summary>
    public static string Run(ProgramCall command, string workingDirectory, TimeSpan timeout)
    {
        using var process = Start(command, workingDirectory, out var output);
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{command} did not finish within {timeout}.\n{output}");
        }

        process.WaitForExit();
        return Check(process, command, output);
    }

    private static Process Start(
        ProgramCall command, string workingDirectory, out StringBuilder output)
    {
        var startInfo = new ProcessStartInfo(command.FileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var lines = new StringBuilder();
        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => Append(lines, e.Data);
        process.ErrorDataReceived += (_, e) => Append(lines, e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        output = lines;
        return process;
    }

    private static void Append(StringBuilder lines, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (lines)
        {
            lines.AppendLine(line);
        }
    }

    private static string Check(Process process, ProgramCall command, StringBuilder output)
    {
        string text;
        lock (output)
        {
            text = output.ToString();
        }

        return process.ExitCode == 0
            ? text
            : throw new InvalidOperationException($"{command} exited with code {process.ExitCode}.\n{text}");
    }

}
