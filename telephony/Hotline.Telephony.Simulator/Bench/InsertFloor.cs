using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Hotline.Telephony.Simulator.Load;

namespace Hotline.Telephony.Simulator.Bench;

public sealed record InsertFloorResult(
    int Clients,
    long Transactions,
    double TransactionsPerSecond,
    LatencySummary Latency,
    string SynchronousCommit,
    string Fsync,
    string ServerVersion);

/// <summary>
/// PostgreSQL's durable single-row insert floor on the server's own cluster: pgbench, each transaction one INSERT of
/// one row into a scratch table (in a scratch database, dropped afterwards), with the cluster's own
/// <c>synchronous_commit</c> and <c>fsync</c>. What no webhook that writes a row can beat on this machine.
/// </summary>
public sealed partial class InsertFloor(PostgresTarget target, string binDirectory)
{
    public const string ScratchDatabase = "hotline_bench_scratch";

    private const string Script = "INSERT INTO insert_floor (at, detail) VALUES (now(), 'bench-webhooks');\n";

    /// <summary>The newest PostgreSQL bin folder that has pgbench and psql, or null.</summary>
    public static string? FindBinDirectory()
    {
        const string root = "/usr/lib/postgresql";
        if (!System.IO.Directory.Exists(root))
        {
            return null;
        }

        return System.IO.Directory.GetDirectories(root)
            .Select(dir => Path.Combine(dir, "bin"))
            .Where(bin => File.Exists(Path.Combine(bin, "pgbench")) && File.Exists(Path.Combine(bin, "psql")))
            .OrderByDescending(bin => Version.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var v) ? v : new Version(0, 0))
            .FirstOrDefault();
    }

    public async Task<InsertFloorResult> RunAsync(int clients, TimeSpan duration, CancellationToken cancellationToken)
    {
        var settings = await PsqlAsync(target.Database, "SHOW synchronous_commit; SHOW fsync; SHOW server_version;", cancellationToken);
        var lines = settings.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var exists = await PsqlAsync("postgres", $"SELECT 1 FROM pg_database WHERE datname = '{ScratchDatabase}';", cancellationToken);
        if (string.IsNullOrWhiteSpace(exists))
        {
            await PsqlAsync("postgres", $"CREATE DATABASE {ScratchDatabase};", cancellationToken);
        }

        var folder = System.IO.Directory.CreateTempSubdirectory("bench-webhooks-");
        try
        {
            await PsqlAsync(ScratchDatabase,
                "DROP TABLE IF EXISTS insert_floor; CREATE TABLE insert_floor (id bigserial PRIMARY KEY, at timestamptz NOT NULL, detail text);",
                cancellationToken);
            var script = Path.Combine(folder.FullName, "insert.sql");
            await File.WriteAllTextAsync(script, Script, cancellationToken);
            var threads = Math.Clamp(Environment.ProcessorCount, 1, clients);
            var output = await RunAsync("pgbench", [
                "--no-vacuum", "--client", clients.ToString(CultureInfo.InvariantCulture), "--jobs", threads.ToString(CultureInfo.InvariantCulture),
                "--time", Math.Max(1, (int)Math.Round(duration.TotalSeconds)).ToString(CultureInfo.InvariantCulture),
                "--file", script, "--log", "--log-prefix", Path.Combine(folder.FullName, "floor"),
                .. ConnectionArguments(ScratchDatabase)], folder.FullName, cancellationToken);
            var latencies = new List<double>();
            foreach (var log in folder.GetFiles("floor.*"))
            {
                latencies.AddRange(ParseLog(await File.ReadAllLinesAsync(log.FullName, cancellationToken)));
            }

            return new InsertFloorResult(
                clients,
                latencies.Count,
                ParseTps(output) ?? throw new InvalidOperationException($"pgbench printed no tps:\n{output}"),
                LoadStatistics.Summarize(latencies),
                lines.ElementAtOrDefault(0) ?? "?",
                lines.ElementAtOrDefault(1) ?? "?",
                lines.ElementAtOrDefault(2) ?? "?");
        }
        finally
        {
            folder.Delete(recursive: true);
            await PsqlAsync("postgres", $"DROP DATABASE IF EXISTS {ScratchDatabase};", CancellationToken.None);
        }
    }

    /// <summary>"tps = 7712.3 (without initial connection time)" → 7712.3.</summary>
    public static double? ParseTps(string output) =>
        TpsLine().Match(output) is { Success: true } match
            ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
            : null;

    /// <summary>pgbench's per-transaction log: "client transaction latency_µs script epoch_s epoch_µs" → milliseconds.</summary>
    public static IEnumerable<double> ParseLog(IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 3 && long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var micros))
            {
                yield return micros / 1000.0;
            }
        }
    }

    private string[] ConnectionArguments(string database) =>
        ["--host", target.Host, "--port", target.Port.ToString(CultureInfo.InvariantCulture), "--username", target.User, database];

    private Task<string> PsqlAsync(string database, string sql, CancellationToken cancellationToken) =>
        RunAsync("psql", ["--no-psqlrc", "--quiet", "--tuples-only", "--no-align", "--set", "ON_ERROR_STOP=1", "--command", sql, .. ConnectionArguments(database)],
            Environment.CurrentDirectory, cancellationToken);

    private async Task<string> RunAsync(string tool, IEnumerable<string> arguments, string workingDirectory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Path.Combine(binDirectory, tool))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The password goes through the environment, never the command line (visible to every user in ps).
        if (target.Password is { } password)
        {
            start.Environment["PGPASSWORD"] = password;
        }

        start.Environment["PGCONNECT_TIMEOUT"] = "10";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} failed (exit {process.ExitCode}): {(await stderr).Trim()}");
        }

        await stderr;
        return await stdout;
    }

    [GeneratedRegex(@"^tps = ([0-9]+(?:\.[0-9]+)?) \(without initial connection time\)", RegexOptions.Multiline)]
    private static partial Regex TpsLine();
}
