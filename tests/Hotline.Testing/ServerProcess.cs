using System.Diagnostics;

namespace Hotline.Testing;

/// <summary>Runs the built server as its own process, the way an operator would.</summary>
public static class ServerProcess
{
    public sealed record Outcome(int ExitCode, string Output);

    public static async Task<Outcome> RunAsync(
        IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, CancellationToken ct)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Start from a clean slate: settings of the machine running the tests must not leak in.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ConnectionStrings__", StringComparison.Ordinal) || k.StartsWith("Demo__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        // Servers run side by side in tests: the management listener on a free port unless a test says otherwise.
        start.Environment["Management__Urls"] = "http://127.0.0.1:0";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the server");
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The server did not exit within {timeout}: {await output}{await error}");
        }

        return new Outcome(process.ExitCode, await output + await error);
    }
}
