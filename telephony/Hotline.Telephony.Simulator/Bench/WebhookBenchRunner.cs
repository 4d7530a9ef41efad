using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Hotline.Telephony.Simulator.Calls;
using Hotline.Telephony.Simulator.Cli;
using Hotline.Telephony.Simulator.Protocol;

namespace Hotline.Telephony.Simulator.Bench;

public sealed record WebhookBenchPlan(int Connections, TimeSpan Duration, int InsertClients, int WarmupCalls, bool MeasureFloor)
{
    /// <summary>wrk, to send the measured phases' requests; null: the .NET loop (<see cref="ClosedLoop"/>). The warm-up is always .NET.</summary>
    public string? Wrk { get; init; }

    /// <summary>The steps measured: a step not measured still moves its calls on (closed loop, not counted), so the next one has calls to take.</summary>
    public IReadOnlySet<string> Steps { get; init; } = AllSteps;

    public static readonly IReadOnlySet<string> AllSteps = new HashSet<string>(StringComparer.Ordinal) { "live", "voice", "menu", "postal-code" };
}

/// <summary>
/// A measured phase and what the server, PostgreSQL and the load generator itself spent on it (CPU time; null when
/// unreadable): on two cores the generator's share is taken from the other two.
/// </summary>
public sealed record WebhookBenchPhase(LoopResult Loop, TimeSpan? ServerCpu, TimeSpan? DatabaseCpu, TimeSpan? LoadGeneratorCpu, string LoadAverageAfter)
{
    public double? ServerCpuPerRequestMs => PerRequest(ServerCpu);

    public double? LoadGeneratorCpuPerRequestMs => PerRequest(LoadGeneratorCpu);

    public double? DatabaseCpuPerRequestMs => PerRequest(DatabaseCpu);

    private double? PerRequest(TimeSpan? cpu) => cpu is { } c && Loop.Requests > 0 ? c.TotalMilliseconds / Loop.Requests : null;
}

public sealed record WebhookBenchReport(InsertFloorResult? Floor, TimeSpan? FloorDatabaseCpu, IReadOnlyList<WebhookBenchPhase> Phases, int CallsLeftOpen)
{
    public double? FloorDatabaseCpuPerInsertMs => FloorDatabaseCpu is { } cpu && Floor is { Transactions: > 0 } f ? cpu.TotalMilliseconds / f.Transactions : null;
}

/// <summary>
/// bench-webhooks: in one run, PostgreSQL's durable single-row insert floor (pgbench on the server's cluster), then
/// closed loops against <c>/health/live</c> and each IVR webhook of the enqueue path — voice, menu, postal code —
/// each request a distinct call signed as Twilio signs it, each step taking the calls the previous step moved on.
/// Every call is then ended by its status callback (a phase of its own), so the queue is left as it was.
/// </summary>
public sealed class WebhookBenchRunner(
    SimulatorOptions options,
    WebhookBenchPlan plan,
    InsertFloor? floor,
    int? serverPid,
    int? databasePid,
    Action<string> log)
{
    /// <summary>The enqueue path, in the order a caller goes through it.</summary>
    private static readonly string[] WebhookSteps = ["voice", "menu", "postal-code"];

    public const string VoicePath = "telephony/twilio/voice";
    public const string MenuPath = "telephony/twilio/menu?attempt=1";
    public const string PostalCodePath = "telephony/twilio/postal-code?attempt=1";
    public const string StatusPath = "telephony/twilio/status";

    /// <summary>
    /// Fresh calls signed before the voice phase, per second of it: about twice the best rate measured here, so the phase
    /// is bounded by its duration, not by the calls prepared (it says so when it runs out).
    /// </summary>
    private const int VoiceCallsPerSecond = 4_000;

    /// <summary>A caller: distinct CallSid and number, as many callers would be.</summary>
    public sealed record BenchCall(string Sid, string From);

    public async Task<WebhookBenchReport> RunAsync(CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = plan.Connections,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        using var http = new HttpClient(handler) { Timeout = WebhookClient.Timeout };
        var warmLoop = new ClosedLoop(http);
        ILoadGenerator loop = plan.Wrk is { } wrk ? new WrkLoop(wrk) : warmLoop;

        InsertFloorResult? floorResult = null;
        TimeSpan? floorCpu = null;
        if (floor is not null && plan.MeasureFloor)
        {
            var cpuBefore = DatabaseCpu();
            log($"Plancher PostgreSQL: pgbench, {plan.InsertClients} clients, {Durations.Format(plan.Duration)}, un INSERT d'une ligne par transaction…");
            floorResult = await floor.RunAsync(plan.InsertClients, plan.Duration, cancellationToken);
            floorCpu = DatabaseCpu() - cpuBefore;
            log(string.Create(CultureInfo.InvariantCulture,
                $"  {floorResult.TransactionsPerSecond:0} insertions/s (synchronous_commit={floorResult.SynchronousCommit}, fsync={floorResult.Fsync}, PostgreSQL {floorResult.ServerVersion})"));
        }

        if (plan.WarmupCalls > 0)
        {
            // JIT, connection pools, caches: the server's first calls are not what is measured.
            log($"Échauffement: {plan.WarmupCalls} appels complets, non comptés…");
            var warm = Calls(plan.WarmupCalls);
            var warmDuration = TimeSpan.FromSeconds(60);
            var connections = Math.Min(8, plan.Connections);
            var menu = new ConcurrentQueue<BenchCall>();
            var postal = new ConcurrentQueue<BenchCall>();
            async Task WarmAsync(string name, Func<PreparedRequests> prepare, Expected expected, Action<LoopRequest> succeeded)
            {
                using var requests = prepare();
                await warmLoop.RunAsync(name, connections, warmDuration, requests, expected, succeeded, cancellationToken);
            }

            await WarmAsync("warm-voice", () => Take(warm, Voice), IsMenu, Keep(menu));
            await WarmAsync("warm-menu", () => Take(menu, Menu), IsPostalCodeQuestion, Keep(postal));
            await WarmAsync("warm-postal", () => Take(postal, PostalCode), IsEnqueue, _ => { });
            // Every warm-up call hangs up, wherever it got to.
            await WarmAsync("warm-status", () => Take(warm, Status), IsAcknowledged, _ => { });
            await warmLoop.RepeatAsync("warm-live", connections, TimeSpan.FromSeconds(1), Live, IsHealthy, cancellationToken);
            await WaitForIdleServerAsync(cancellationToken);
        }

        var phases = new List<WebhookBenchPhase>();
        var all = new ConcurrentQueue<BenchCall>();
        var voiced = new ConcurrentQueue<BenchCall>();
        var menued = new ConcurrentQueue<BenchCall>();
        var queued = new ConcurrentQueue<BenchCall>();

        if (plan.Steps.Contains("live"))
        {
            phases.Add(await MeasureAsync("/health/live", () => loop.RepeatAsync("/health/live", plan.Connections, plan.Duration, Live, IsHealthy, cancellationToken)));
        }

        // The last measured step bounds how far calls are carried: no call is moved on for nothing.
        var last = WebhookSteps.LastOrDefault(plan.Steps.Contains);
        if (last is not null)
        {
            var fresh = Calls((int)Math.Ceiling(plan.Duration.TotalSeconds * VoiceCallsPerSecond));
            await StepAsync(loop, "voice", "voice", () => Take(fresh, Voice, taken: all.Enqueue), IsMenu, Keep(voiced), phases, cancellationToken);
        }

        if (last is "menu" or "postal-code")
        {
            await StepAsync(loop, "menu", "menu (2)", () => Take(voiced, Menu), IsPostalCodeQuestion, Keep(menued), phases, cancellationToken);
        }

        if (last is "postal-code")
        {
            await StepAsync(loop, "postal-code", "postal-code (<Enqueue>)", () => Take(menued, PostalCode), IsEnqueue, Keep(queued), phases, cancellationToken);
        }

        // Every call of the run hangs up: the queue and the board are left as they were. Not bounded by --duration.
        var toEnd = new ConcurrentQueue<BenchCall>(all);
        var cleanupLimit = plan.Duration * 6 + TimeSpan.FromSeconds(30);
        using var hangUps = Take(toEnd, Status);
        var status = await MeasureAsync("status (completed)", () => loop.RunAsync("status (completed)", plan.Connections, cleanupLimit, hangUps, IsAcknowledged, _ => { }, cancellationToken), cleanupLimit);
        phases.Add(status);
        return new WebhookBenchReport(floorResult, floorCpu, phases, hangUps.Left + status.Loop.Errors);
    }

    /// <param name="prepare">Builds and signs the step's requests, before its clock starts.</param>
    private async Task StepAsync(
        ILoadGenerator loop, string step, string name, Func<PreparedRequests> prepare, Expected expected, Action<LoopRequest> succeeded,
        List<WebhookBenchPhase> phases, CancellationToken cancellationToken)
    {
        using var requests = prepare();
        if (plan.Steps.Contains(step))
        {
            phases.Add(await MeasureAsync(name, () => loop.RunAsync(name, plan.Connections, plan.Duration, requests, expected, succeeded, cancellationToken)));
            return;
        }

        log($"— {name}: non mesuré, les appels avancent seulement…");
        await loop.RunAsync(name, plan.Connections, plan.Duration, requests, expected, succeeded, cancellationToken);
    }

    private async Task<WebhookBenchPhase> MeasureAsync(string name, Func<Task<LoopResult>> run, TimeSpan? limit = null)
    {
        log($"— {name}: {plan.Connections} connexions, boucle fermée, {Durations.Format(limit ?? plan.Duration)} au plus…");
        var serverCpu = Cpu(serverPid);
        var databaseCpu = DatabaseCpu();
        var result = await run();
        var phase = new WebhookBenchPhase(result, serverCpu is null ? null : Cpu(serverPid) - serverCpu,
            databaseCpu is null ? null : DatabaseCpu() - databaseCpu, result.GeneratorCpu, ConsoleBenchRunner.LoadAverage());
        log(string.Create(CultureInfo.InvariantCulture,
            $"  {result.Requests} requêtes en {result.Elapsed.TotalSeconds:0.0} s: {result.PerSecond:0}/s, p50 {result.Latency.P50:0.0} ms, p99 {result.Latency.P99:0.0} ms, {result.Errors} erreurs{(result.Exhausted ? " (plus d'appels à faire avancer)" : "")}"));
        return phase;
    }

    /// <summary>
    /// Waits, at most <see cref="IdleWaitLimit"/>, until the server is idle (under 5 % of a core for a second): after the
    /// warm-up .NET's tiered JIT is still recompiling hot methods for a while (a quarter of the server's CPU at the start
    /// of the first phase, measured with perf), which is start-up, not the cost of a webhook.
    /// </summary>
    private async Task WaitForIdleServerAsync(CancellationToken cancellationToken)
    {
        if (serverPid is not { } pid || ServerProcess.CpuTime(pid) is not { } before)
        {
            return;
        }

        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < IdleWaitLimit)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            if (ServerProcess.CpuTime(pid) is not { } now)
            {
                return;
            }

            var idle = now - before < TimeSpan.FromMilliseconds(50);
            before = now;
            if (idle)
            {
                log(string.Create(CultureInfo.InvariantCulture, $"Serveur au repos après {waited.Elapsed.TotalSeconds:0} s."));
                return;
            }
        }

        log($"Serveur encore occupé après {IdleWaitLimit.TotalSeconds:0} s: les phases commencent quand même.");
    }

    private static readonly TimeSpan IdleWaitLimit = TimeSpan.FromSeconds(30);

    private static TimeSpan? Cpu(int? pid) => pid is { } p ? ServerProcess.CpuTime(p) : null;

    private TimeSpan? DatabaseCpu() => databasePid is { } pid ? ServerProcess.TreeCpuTime(pid) : null;

    // ---- The calls and their requests ----

    private static List<BenchCall> Calls(int count) => [.. Enumerable.Range(0, count).Select(_ => NewCall())];

    private static BenchCall NewCall() =>
        new(Sids.New(Sids.CallPrefix), "+336" + Random.Shared.Next(0, 100_000_000).ToString("D8", CultureInfo.InvariantCulture));

    /// <summary>
    /// Each call's request, built and signed now: during a measured phase the load generator only sends and reads
    /// (signing took about a fifth of this two-core machine, counted against the server). <paramref name="taken"/> sees
    /// each call whose request is sent.
    /// </summary>
    private static PreparedRequests Take(IEnumerable<BenchCall> calls, Func<BenchCall, LoopRequest> request, Action<BenchCall>? taken = null) =>
        new(calls.Select(request), taken is null ? null : sent => taken((BenchCall)sent.State!));

    private static Action<LoopRequest> Keep(ConcurrentQueue<BenchCall> next) => request => next.Enqueue((BenchCall)request.State!);

    private LoopRequest Live() => new(new HttpRequestMessage(HttpMethod.Get, new Uri(options.Endpoint.ServerBaseUrl, "health/live")));

    private LoopRequest Voice(BenchCall call) => Webhook(VoicePath, call, "ringing", []);

    private LoopRequest Menu(BenchCall call) => Webhook(MenuPath, call, "in-progress", [new("Digits", "2"), new("FinishedOnKey", string.Empty)]);

    private LoopRequest PostalCode(BenchCall call) => Webhook(PostalCodePath, call, "in-progress", [new("Digits", "13150"), new("FinishedOnKey", "#")]);

    private LoopRequest Status(BenchCall call) => Webhook(StatusPath, call, "completed", [
        new("CallDuration", "0"), new("Duration", "1"), new("SequenceNumber", "0"),
        new("CallbackSource", "call-progress-events"), new("Timestamp", TwilioFormats.Rfc2822(DateTimeOffset.UtcNow))]);

    /// <summary>A webhook as Twilio sends it: form-encoded, signed over the public URL, with its idempotency token.</summary>
    public LoopRequest Webhook(string path, BenchCall call, string callStatus, IEnumerable<KeyValuePair<string, string>> extra)
    {
        var parameters = TwilioParameters.Voice(options.AccountSid, call.Sid, callStatus, call.From, TwilioFormats.HotlineNumber);
        parameters.AddRange(extra);
        var url = new Uri(options.Endpoint.PublicBaseUrl, path);
        var message = new HttpRequestMessage(HttpMethod.Post, options.Endpoint.ToTransport(url)) { Content = new FormUrlEncodedContent(parameters) };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded") { CharSet = "utf-8" };
        message.Headers.Add(TwilioSignature.HeaderName, TwilioSignature.Compute(options.AuthToken, url.AbsoluteUri, parameters));
        message.Headers.Add("I-Twilio-Idempotency-Token", WebhookClient.NewIdempotencyToken());
        message.Headers.UserAgent.ParseAdd("TwilioProxy/1.1");
        return new LoopRequest(message, call);
    }

    // ---- What each step must answer ----

    private static readonly Expected IsHealthy = new(HttpStatusCode.OK, "Healthy");

    /// <summary>The greeting and the menu (not the safety net, which enqueues at once).</summary>
    public static readonly Expected IsMenu = new(HttpStatusCode.OK, "/telephony/twilio/menu");

    public static readonly Expected IsPostalCodeQuestion = new(HttpStatusCode.OK, "/telephony/twilio/postal-code");

    public static readonly Expected IsEnqueue = new(HttpStatusCode.OK, "<Enqueue");

    private static readonly Expected IsAcknowledged = new(HttpStatusCode.NoContent);
}
