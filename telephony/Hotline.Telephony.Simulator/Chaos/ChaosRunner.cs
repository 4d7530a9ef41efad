using System.Collections.Concurrent;
using System.Diagnostics;
using Hotline.Telephony.Simulator.Bench;
using Hotline.Telephony.Simulator.Calls;
using Hotline.Telephony.Simulator.Load;
using Npgsql;

namespace Hotline.Telephony.Simulator.Chaos;

public enum ChaosFault
{
    KillInstance,
    RestartPostgres,
    StopRedis,
}

public sealed record ChaosPlan(
    TimeSpan Duration,
    double CallsPerSecond,
    TimeSpan Talk,
    TimeSpan PostgresDown,
    TimeSpan RedisDown,
    string KillInstance,
    IReadOnlyList<string> Counsellors,
    string Supervisor,
    string Password,
    string? FallbackTwiml,
    int RestPort)
{
    /// <summary>Calls flow this long before the first fault.</summary>
    public static readonly TimeSpan Baseline = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The faults, after the baseline, each with a third of the rest: room for an instance's restart (a minute on a busy
    /// machine), the consoles' reconnection and a quiet spell before the next one.
    /// </summary>
    public IReadOnlyList<(ChaosFault Fault, TimeSpan At)> Schedule =>
    [
        (ChaosFault.KillInstance, Baseline),
        (ChaosFault.RestartPostgres, Baseline + (Duration - Baseline) / 3),
        (ChaosFault.StopRedis, Baseline + (Duration - Baseline) * 2 / 3),
    ];
}

public sealed record ChaosResult(IReadOnlyList<ChaosRow> Rows, IReadOnlyList<string> Notes, LoadSnapshot Load);

/// <summary>
/// The fault benchmark: consoles on both instances, calls through the balancer at a steady rate, three faults, then
/// the accounting from the database (what happened to each call and offer) and from the consoles (what they saw).
/// </summary>
public sealed class ChaosRunner(SimulatorOptions options, ChaosSetup setup, ChaosPlan plan, Action<string> log)
{
    private readonly Stopwatch _clock = new();
    private readonly ConcurrentDictionary<Guid, byte> _offersSeen = new();
    private readonly List<string> _notes = [];
    private DateTimeOffset _startedAt;

    private TimeSpan Now => _clock.Elapsed;

    public async Task<ChaosResult> RunAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var consoles = await ConnectConsolesAsync(cancellationToken);
        try
        {
            var statistics = new LoadStatistics();
            var observer = new ChaosCallObserver(statistics, () => Now);
            var calls = (int)Math.Ceiling(plan.Duration.TotalSeconds * plan.CallsPerSecond);
            // Callers wait as long as it takes (three real minutes at most): the consoles hang up on them.
            var loadPlan = new LoadPlan(calls, plan.CallsPerSecond, MaxConcurrent: 1000, TimeSpan.FromMinutes(3) * options.Speed,
                Digits: ["2"], PostalCode: "13150", AnonymousShare: 0.2, plan.FallbackTwiml);
            await using var host = new SimulatorHost(options, observer);
            await host.StartRestApiAsync(plan.RestPort, cancellationToken);
            log($"API REST Twilio simulée sur {host.RestBaseUrl} (Twilio:ApiBaseUrl des instances); {calls} appels à {plan.CallsPerSecond}/s par le répartiteur {setup.Balancer}");

            _startedAt = DateTimeOffset.UtcNow;
            _clock.Start();
            var load = new LoadRunner(host, statistics, observer).RunAsync(loadPlan, cancellationToken);
            var schedule = plan.Schedule;
            var phases = new List<ChaosPhase> { new("avant les pannes", TimeSpan.Zero, schedule[0].At) };
            for (var i = 0; i < schedule.Count; i++)
            {
                var (fault, at) = schedule[i];
                await Task.Delay(Max(at - Now, TimeSpan.Zero), cancellationToken);
                // The last fault has until a minute after the last call to be over; its phase keeps what happens after.
                var end = i + 1 < schedule.Count ? schedule[i + 1].At : plan.Duration + TimeSpan.FromMinutes(1);
                phases.Add(await InjectAsync(fault, at, end, consoles, http, cancellationToken));
            }

            phases[^1] = phases[^1] with { End = TimeSpan.MaxValue };

            log($"[{Now:mm\\:ss}] dernier appel placé à {plan.Duration:mm\\:ss}; attente de la fin des appels…");
            await load;
            var final = await AuditAllAsync(consoles, cancellationToken);
            _notes.Add($"Fin: consoles à jour {final.Count(a => a.InStep)}/{final.Length}; reconnexions {string.Join(", ", consoles.Select(c => $"{c.Name} {c.Reconnects}"))}; offres acceptées {consoles.Sum(c => c.Accepted)}; actions en échec {consoles.Sum(c => c.ActionErrors)}");

            var (placed, offers) = await ReadServerAsync(observer, cancellationToken);
            var rows = ChaosReport.Compute(phases, placed, offers, _offersSeen.Keys.ToHashSet(), observer.Failures());
            foreach (var call in placed.Where(c => c.Server is not { Answered: true }))
            {
                _notes.Add($"Appel perdu {call.CallSid} (placé à {call.PlacedAt:mm\\:ss}): {(call.Server is { } s ? $"{s.Status}, {(s.Queued ? "en file" : "jamais en file")}, {offers.Count(o => o.CallSid == call.CallSid)} offre(s): {string.Join(", ", offers.Where(o => o.CallSid == call.CallSid).Select(o => o.Outcome))}" : "inconnu du serveur")}");
            }

            foreach (var offer in offers.Where(o => o.Outcome == "Expired"))
            {
                _notes.Add($"Offre expirée {offer.OfferId} à {offer.OfferedAt:mm\\:ss} ({(_offersSeen.ContainsKey(offer.OfferId) ? "vue" : "jamais vue")} par la console)");
            }

            return new ChaosResult(rows, _notes, statistics.Snapshot());
        }
        finally
        {
            foreach (var console in consoles)
            {
                await console.DisposeAsync();
            }
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>Counsellors alternate between the instances, straight to each (not through the balancer); the supervisor watches from every instance and from the balancer.</summary>
    private async Task<List<ChaosConsole>> ConnectConsolesAsync(CancellationToken cancellationToken)
    {
        var consoles = new List<ChaosConsole>();
        for (var i = 0; i < plan.Counsellors.Count; i++)
        {
            var instance = setup.Instances[i % setup.Instances.Count];
            var cookie = await ConsoleClients.SignInAsync(instance.Url, plan.Counsellors[i], plan.Password, cancellationToken);
            consoles.Add(new ChaosConsole($"{plan.Counsellors[i]}@{instance.Name}", instance.Url, cookie, counsellor: true, plan.Talk, _offersSeen));
        }

        foreach (var (name, url) in setup.Instances.Select(i => (i.Name, i.Url)).Append(("répartiteur", setup.Balancer)))
        {
            var cookie = await ConsoleClients.SignInAsync(url, plan.Supervisor, plan.Password, cancellationToken);
            consoles.Add(new ChaosConsole($"{plan.Supervisor}@{name}", url, cookie, counsellor: false, plan.Talk, _offersSeen));
        }

        await Task.WhenAll(consoles.Select(c => c.StartAsync(cancellationToken)));
        log($"{consoles.Count} consoles connectées: {string.Join(", ", consoles.Select(c => c.Name))}");
        // Let the counsellors become Available before the first call.
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        return consoles;
    }

    private async Task<ChaosPhase> InjectAsync(ChaosFault fault, TimeSpan start, TimeSpan end, List<ChaosConsole> consoles, HttpClient http, CancellationToken cancellationToken)
    {
        string name;
        switch (fault)
        {
            case ChaosFault.KillInstance:
                var instance = setup.Instances.First(i => i.Name == plan.KillInstance);
                name = $"SIGKILL {instance.Name}";
                var pid = ChaosSetup.KillInstance(instance);
                log($"[{Now:mm\\:ss}] {name} (pid {pid}); run.sh le relance sur {instance.Url}");
                await ChaosSetup.WaitInstanceBackAsync(instance, pid, http, cancellationToken);
                break;
            case ChaosFault.RestartPostgres:
                name = $"PostgreSQL arrêté {plan.PostgresDown.TotalSeconds:0} s";
                log($"[{Now:mm\\:ss}] {name}: pg_ctl stop -m fast");
                await setup.StopPostgresAsync(cancellationToken);
                await Task.Delay(plan.PostgresDown, cancellationToken);
                await setup.StartPostgresAsync(cancellationToken);
                break;
            default:
                name = $"Redis arrêté {plan.RedisDown.TotalSeconds:0} s";
                var redis = setup.StopRedis();
                log($"[{Now:mm\\:ss}] {name} (pid {redis})");
                await Task.Delay(plan.RedisDown, cancellationToken);
                await setup.StartRedisAsync(cancellationToken);
                break;
        }

        var ended = Now;
        log($"[{ended:mm\\:ss}] {name}: rétabli après {(ended - start).TotalSeconds:0.0} s; vérification des consoles…");
        var (inStep, missing, stale) = await WaitInStepAsync(consoles, end, cancellationToken);
        log(inStep is { } at
            ? $"[{at:mm\\:ss}] toutes les consoles à jour, {(at - ended).TotalSeconds:0.0} s après le rétablissement ({missing} carte(s) manquante(s), {stale} en trop au premier contrôle)"
            : $"[{Now:mm\\:ss}] consoles pas toutes à jour avant la panne suivante");
        return new ChaosPhase(name, start, end, ended, inStep, missing, stale);
    }

    /// <summary>
    /// Audits every console every 500 ms until all are in step at once. Missing and stale cards: each console's first
    /// conclusive comparison after the fault.
    /// </summary>
    private async Task<(TimeSpan? InStep, int Missing, int Stale)> WaitInStepAsync(List<ChaosConsole> consoles, TimeSpan until, CancellationToken cancellationToken)
    {
        var first = new Dictionary<string, ConsoleAudit>();
        var nextLine = Now + TimeSpan.FromSeconds(5);
        while (Now < until)
        {
            var audits = await AuditAllAsync(consoles, cancellationToken);
            foreach (var (console, audit) in consoles.Zip(audits))
            {
                if (audit.Conclusive)
                {
                    first.TryAdd(console.Name, audit);
                }
            }

            if (audits.All(a => a.InStep))
            {
                return (Now, first.Values.Sum(a => a.Missing), first.Values.Sum(a => a.Stale));
            }

            if (Now >= nextLine)
            {
                nextLine = Now + TimeSpan.FromSeconds(5);
                log($"  [{Now:mm\\:ss}] pas à jour: {string.Join(", ", consoles.Zip(audits).Where(p => !p.Second.InStep).Select(p => $"{p.First.Name} ({Describe(p.Second)})"))}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }

        return (null, first.Values.Sum(a => a.Missing), first.Values.Sum(a => a.Stale));
    }

    private static string Describe(ConsoleAudit audit) =>
        !audit.Connected ? "déconnectée" : audit.Error is { } error ? $"GetSnapshot: {error}" : !audit.Conclusive ? "événements en vol" : $"{audit.Missing} manquante(s), {audit.Stale} en trop";

    private static async Task<ConsoleAudit[]> AuditAllAsync(List<ChaosConsole> consoles, CancellationToken cancellationToken) =>
        await Task.WhenAll(consoles.Select(c => c.AuditAsync(cancellationToken)));

    /// <summary>What the database recorded of the run's calls and their offers (the server and this process share the clock).</summary>
    private async Task<(List<PlacedCall> Calls, List<ServerOffer> Offers)> ReadServerAsync(ChaosCallObserver observer, CancellationToken cancellationToken)
    {
        var target = PostgresTarget.FromRunScriptCluster(Directory.GetCurrentDirectory())
            ?? throw new InvalidOperationException("./run.sh's PostgreSQL (.data/postgres) not found: run chaos from the repository.");
        var builder = new NpgsqlConnectionStringBuilder { Host = target.Host, Port = target.Port, Username = target.User, Password = target.Password, Database = target.Database };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        var placed = observer.Placed();
        var sids = placed.Select(p => p.Sid).ToArray();
        var server = new Dictionary<string, ServerCall>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand(
            "SELECT call_sid, id, status, queued_at IS NOT NULL, answered_at IS NOT NULL FROM calls WHERE call_sid = ANY(@sids)", connection))
        {
            command.Parameters.AddWithValue("sids", sids);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                server[reader.GetString(0)] = new ServerCall(reader.GetGuid(1), reader.GetString(2), reader.GetBoolean(3), reader.GetBoolean(4));
            }
        }

        var offers = new List<ServerOffer>();
        await using (var command = new NpgsqlCommand(
            "SELECT o.id, c.call_sid, o.counsellor_id, o.outcome, o.offered_at FROM offers o JOIN calls c ON c.id = o.call_id WHERE c.call_sid = ANY(@sids)", connection))
        {
            command.Parameters.AddWithValue("sids", sids);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                offers.Add(new ServerOffer(reader.GetGuid(0), reader.GetString(1), reader.GetGuid(2), reader.GetString(3),
                    reader.GetFieldValue<DateTimeOffset>(4) - _startedAt));
            }
        }

        return (placed.Select(p => new PlacedCall(p.Sid, p.At, server.GetValueOrDefault(p.Sid))).ToList(), offers);
    }
}

/// <summary>When each call was placed and which webhooks failed, passed on to the load statistics.</summary>
internal sealed class ChaosCallObserver(LoadStatistics inner, Func<TimeSpan> now) : ICallObserver
{
    private readonly ConcurrentDictionary<string, TimeSpan> _placed = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<WebhookFailure> _failures = new();

    public void OnEvent(SimulatedCall call, CallEvent callEvent) => inner.OnEvent(call, callEvent);

    public void OnWebhookSending(SimulatedCall call, string purpose, Uri url) => _placed.TryAdd(call.Sid, now());

    public void OnWebhook(SimulatedCall call, WebhookRecord record)
    {
        if (record.Error is { } error)
        {
            _failures.Enqueue(new WebhookFailure(now(), record.Purpose, record.Url.AbsolutePath, error));
        }

        inner.OnWebhook(call, record);
    }

    public void OnCompleted(SimulatedCall call) => inner.OnCompleted(call);

    public List<(string Sid, TimeSpan At)> Placed() => _placed.Select(p => (p.Key, p.Value)).OrderBy(p => p.Value).ToList();

    public List<WebhookFailure> Failures() => [.. _failures];
}
