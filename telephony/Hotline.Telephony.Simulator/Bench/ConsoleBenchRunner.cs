using System.Diagnostics;
using System.Globalization;
using Hotline.Telephony.Simulator.Load;

namespace Hotline.Telephony.Simulator.Bench;

public sealed record ConsoleBenchPlan(
    IReadOnlyList<int> ClientCounts,
    int Calls,
    double CallsPerSecond,
    TimeSpan HangupAfter,
    int ConnectConcurrency,
    string UserName,
    string Password,
    int WarmupCalls);

/// <summary>One client count's figures. Memory in bytes (null when the server's process is unknown).</summary>
public sealed record ConsoleBenchRound(
    DeliveryReport Delivery,
    int ConnectFailed,
    int ClosedDuringRound,
    TimeSpan RampUp,
    TimeSpan Duration,
    long? RssBefore,
    long? RssConnected,
    long? RssPeak,
    long? RssAfter,
    int WebhookErrors,
    TimeSpan? ServerCpu,
    TimeSpan BenchCpu,
    TimeSpan BenchGcPause,
    int BenchGcCount,
    string LoadAverageBefore,
    string LoadAverageAfter)
{
    public bool Complete => Delivery.MissingDeliveries == 0 && Delivery.UnmatchedCards == 0 && Delivery.AmbiguousCards == 0
        && ConnectFailed == 0 && ClosedDuringRound == 0 && WebhookErrors == 0 && Delivery.CallsEnqueued == Delivery.CallsDriven;
}

/// <summary>
/// For each client count: opens that many console connections (bounded ramp-up, each waits for its snapshot),
/// drives a steady flow of simulated calls through the real webhooks (the load mode's <see cref="LoadRunner"/>),
/// records when every client receives each call's card, then closes the connections before the next count.
/// </summary>
public sealed class ConsoleBenchRunner(SimulatorOptions options, ConsoleBenchPlan plan, int? serverPid, Action<string> log)
{
    public async Task<IReadOnlyList<ConsoleBenchRound>> RunAsync(CancellationToken cancellationToken)
    {
        var server = options.Endpoint.ServerBaseUrl;
        var cookie = await ConsoleClients.SignInAsync(server, plan.UserName, plan.Password, cancellationToken);
        if (plan.WarmupCalls > 0)
        {
            // The server's first calls pay for JIT compilation and cold caches: not what is measured.
            log($"Échauffement: {plan.WarmupCalls} appels, 1 console, non comptés");
            await RunRoundAsync(server, cookie, 1, plan.WarmupCalls, cancellationToken);
        }

        var rounds = new List<ConsoleBenchRound>();
        foreach (var count in plan.ClientCounts)
        {
            cancellationToken.ThrowIfCancellationRequested();
            rounds.Add(await RunRoundAsync(server, cookie, count, plan.Calls, cancellationToken));
        }

        return rounds;
    }

    private async Task<ConsoleBenchRound> RunRoundAsync(Uri server, string cookie, int count, int calls, CancellationToken cancellationToken)
    {
        var loadBefore = LoadAverage();
        var rssBefore = Rss();
        log($"— {count} client(s): connexion (au plus {plan.ConnectConcurrency} à la fois)…");
        var ramp = Stopwatch.StartNew();
        var lastReported = 0;
        await using var clients = await ConsoleClients.ConnectAsync(server, cookie, count, plan.ConnectConcurrency, connected =>
        {
            if (connected == count || connected - Volatile.Read(ref lastReported) >= 100)
            {
                Volatile.Write(ref lastReported, connected);
                log($"  {connected}/{count} connectés");
            }
        }, cancellationToken);
        var rampUp = ramp.Elapsed;
        var rssConnected = Rss();
        log($"  {clients.Count} connectés avec leur snapshot en {rampUp.TotalSeconds:0.0} s ({clients.Failed} échecs); RSS serveur {Mib(rssConnected)}");

        var statistics = new LoadStatistics();
        var tracker = new DeliveryTracker(statistics);
        clients.Tracker = tracker;
        var loadPlan = new LoadPlan(calls, plan.CallsPerSecond, MaxConcurrent: 1000, plan.HangupAfter, Digits: ["2"], PostalCode: "13150", AnonymousShare: 0.2);
        var started = Stopwatch.StartNew();
        var serverCpuBefore = Cpu();
        var benchCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var gcPauseBefore = GC.GetTotalPauseDuration();
        var gcCountBefore = GC.CollectionCount(0);
        long? peak = rssConnected;
        await using (var host = new SimulatorHost(options, statistics))
        {
            var run = new LoadRunner(host, statistics, tracker).RunAsync(loadPlan, cancellationToken);
            var nextLine = TimeSpan.FromSeconds(5);
            while (await Task.WhenAny(run, Task.Delay(TimeSpan.FromMilliseconds(250), CancellationToken.None)) != run)
            {
                if (Rss() is { } rss && rss > (peak ?? 0))
                {
                    peak = rss;
                }

                if (started.Elapsed >= nextLine)
                {
                    nextLine += TimeSpan.FromSeconds(5);
                    var snapshot = statistics.Snapshot();
                    var partial = tracker.Report(clients.Count);
                    log(string.Create(CultureInfo.InvariantCulture,
                        $"  [{started.Elapsed:mm\\:ss}] appels {snapshot.CallsStarted}/{calls} lancés, {partial.CallsEnqueued} en file, {snapshot.CallsCompleted} terminés; cartes reçues {partial.Latency.Count}, p99 {partial.Latency.P99:0.0} ms"));
                }
            }

            await run;
        }

        // Every card is published seconds before its caller hangs up; this only covers a straggler.
        await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
        var serverCpu = Cpu() - serverCpuBefore;
        var benchCpu = Process.GetCurrentProcess().TotalProcessorTime - benchCpuBefore;
        var gcPause = GC.GetTotalPauseDuration() - gcPauseBefore;
        var gcCount = GC.CollectionCount(0) - gcCountBefore;
        var delivery = tracker.Report(clients.Count);
        var closed = clients.Closed;
        var rssAfter = Rss();
        var load = statistics.Snapshot();
        clients.Tracker = null;
        var duration = started.Elapsed;
        log($"  fermeture des {clients.Count} connexions…");
        await clients.DisposeAsync();
        // Let the server settle its disconnects before the next round measures memory again.
        await Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None);
        return new ConsoleBenchRound(
            delivery, clients.Failed, closed, rampUp, duration, rssBefore, rssConnected, peak, rssAfter,
            load.WebhookErrors, serverCpu, benchCpu, gcPause, gcCount, loadBefore, LoadAverage());
    }

    private long? Rss() => serverPid is { } pid ? ServerProcess.Rss(pid) : null;

    private TimeSpan? Cpu() => serverPid is { } pid ? ServerProcess.CpuTime(pid) : null;

    public static string Mib(long? bytes) => bytes is { } b ? (b / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " MiB" : "n/a";

    /// <summary>The 1, 5 and 15-minute load averages (what else the machine is doing).</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
    }
}
