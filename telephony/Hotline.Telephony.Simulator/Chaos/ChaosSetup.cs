using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using Hotline.Telephony.Simulator.Cli;

namespace Hotline.Telephony.Simulator.Chaos;

public sealed record ChaosInstance(string Name, Uri Url, string PidFile);

public sealed record ChaosRedis(int Port, string PidFile, string HoldFile);

public sealed record ChaosPostgres(string Bin, string Data, int Port, string Log, string? RunAs, string Options);

/// <summary>
/// The set-up <c>./run.sh --instances N</c> describes in <c>.data/instances.json</c>: the balancer, the instances (their
/// current pid in a pid file: run.sh starts an instance that exits again on the same port), Redis (same, and a hold file
/// that keeps it away) and the private PostgreSQL cluster. Faults are injected on these and nothing else.
/// </summary>
public sealed record ChaosSetup(Uri Balancer, IReadOnlyList<ChaosInstance> Instances, ChaosRedis Redis, ChaosPostgres? Postgres, string Source)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static ChaosSetup Load(string path)
    {
        var file = JsonSerializer.Deserialize<StateFile>(File.ReadAllText(path), Json)
            ?? throw new InvalidOperationException($"{path} is empty.");
        return new ChaosSetup(
            new Uri(file.Balancer ?? throw new InvalidOperationException($"{path}: no balancer.")),
            (file.Instances ?? []).Select(i => new ChaosInstance(i.Name, new Uri(i.Url), i.PidFile)).ToList(),
            file.Redis ?? throw new InvalidOperationException($"{path}: no redis."),
            file.Postgres is { } p ? p with { RunAs = string.IsNullOrEmpty(p.RunAs) ? null : p.RunAs } : null,
            path);
    }

    /// <summary>Everything must be on this machine: chaos kills processes, it never reaches another host.</summary>
    public IEnumerable<string> Problems()
    {
        if (!LoadCommand.IsLoopback(Balancer))
        {
            yield return $"{Source}: the balancer {Balancer} is not a loopback address: chaos only works on this machine.";
        }

        foreach (var instance in Instances.Where(i => !LoadCommand.IsLoopback(i.Url)))
        {
            yield return $"{Source}: instance {instance.Name} ({instance.Url}) is not a loopback address.";
        }

        if (Instances.Count < 2)
        {
            yield return $"{Source}: {Instances.Count} instance(s); chaos needs two (./run.sh --instances 2).";
        }
    }

    public static int? ReadPid(string pidFile) =>
        File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;

    /// <summary>SIGKILL the instance's server process (checked to be Hotline.Server first). Returns the killed pid.</summary>
    public static int KillInstance(ChaosInstance instance)
    {
        var pid = ReadPid(instance.PidFile) ?? throw new InvalidOperationException($"{instance.PidFile}: no pid.");
        var commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        if (!commandLine.Contains("Hotline.Server.dll", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"pid {pid} of {instance.Name} is not a Hotline server ({commandLine}).");
        }

        using var process = Process.GetProcessById(pid);
        process.Kill(); // SIGKILL on Linux: no graceful shutdown, as a crash.
        return pid;
    }

    /// <summary>Waits until run.sh started the instance again (a new pid) and it answers /health/ready.</summary>
    public static async Task WaitInstanceBackAsync(ChaosInstance instance, int killedPid, HttpClient http, CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (ReadPid(instance.PidFile) is { } pid && pid != killedPid && await ReadyAsync(http, instance.Url, cancellationToken))
            {
                return;
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    public static async Task<bool> ReadyAsync(HttpClient http, Uri baseUrl, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            using var response = await http.GetAsync(new Uri(baseUrl, "health/ready"), timeout.Token);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>pg_ctl stop, fast: open connections are cut (<see cref="StartPostgresAsync"/> starts it as run.sh did).</summary>
    public async Task StopPostgresAsync(CancellationToken cancellationToken)
    {
        var pg = Postgres ?? throw new InvalidOperationException("No private PostgreSQL cluster in the set-up.");
        await PgCtlAsync(pg, ["-D", pg.Data, "-m", "fast", "-w", "stop"], cancellationToken);
    }

    public async Task StartPostgresAsync(CancellationToken cancellationToken)
    {
        var pg = Postgres ?? throw new InvalidOperationException("No private PostgreSQL cluster in the set-up.");
        await PgCtlAsync(pg, ["-D", pg.Data, "-l", pg.Log, "-w", "-t", "60", "-o", pg.Options, "start"], cancellationToken);
    }

    private static async Task PgCtlAsync(ChaosPostgres pg, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(pg.RunAs is null ? Path.Combine(pg.Bin, "pg_ctl") : "runuser")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (pg.RunAs is { } user)
        {
            foreach (var argument in new[] { "-u", user, "--", Path.Combine(pg.Bin, "pg_ctl") })
            {
                start.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("pg_ctl did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"pg_ctl {string.Join(' ', arguments.TakeLast(1))} failed ({process.ExitCode}): {await output} {await error}");
        }
    }

    /// <summary>Holds Redis's restart (hold file), then SIGTERMs it: run.sh starts it again once the hold file is gone.</summary>
    public int StopRedis()
    {
        File.WriteAllText(Redis.HoldFile, "chaos");
        var pid = ReadPid(Redis.PidFile) ?? throw new InvalidOperationException($"{Redis.PidFile}: no pid.");
        using var process = Process.GetProcessById(pid);
        if (!process.ProcessName.StartsWith("redis", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"pid {pid} is not Redis ({process.ProcessName}).");
        }

        Process.Start("kill", ["-TERM", pid.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
        return pid;
    }

    public async Task StartRedisAsync(CancellationToken cancellationToken)
    {
        File.Delete(Redis.HoldFile);
        while (!await PortOpenAsync(Redis.Port, cancellationToken))
        {
            await Task.Delay(200, cancellationToken);
        }
    }

    private static async Task<bool> PortOpenAsync(int port, CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private sealed record StateFile(string? Balancer, List<InstanceEntry>? Instances, ChaosRedis? Redis, ChaosPostgres? Postgres);

    private sealed record InstanceEntry(string Name, string Url, string PidFile);
}
