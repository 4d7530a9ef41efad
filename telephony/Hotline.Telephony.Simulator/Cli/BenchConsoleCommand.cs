using System.CommandLine;
using System.Globalization;
using Hotline.Telephony.Simulator.Bench;
using Spectre.Console;

namespace Hotline.Telephony.Simulator.Cli;

/// <summary>
/// <c>bench-console</c>: time from the webhook that enqueues a call to the card's arrival on every connected console,
/// for several numbers of connected clients; prints p50/p95/p99 and the server's memory.
/// </summary>
internal static class BenchConsoleCommand
{
    public const int MaxClients = 1000;

    public static Command Create()
    {
        var common = new CommonOptions();
        // Simulated time ×10: a call reaches the queue about 4 s after it rings instead of 41 s.
        common.Speed.DefaultValueFactory = _ => 10;
        // A counsellor by default: signed in, they stay in Pause (every queue event, no offer), like most consoles on a
        // floor. A supervisor also gets the wallboard every second (500 supervisors: p99 103 ms against 58 ms, 2026-12-07).
        var user = new Option<string>("--user") { Description = "Account the consoles sign in as (a counsellor in Pause: every queue event, no offers)", DefaultValueFactory = _ => "counsellor2" };
        var password = new Option<string?>("--password") { Description = "Its password. Default: $HOTLINE_PASSWORD", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("HOTLINE_PASSWORD") };
        var clients = new Option<int[]>("--clients")
        {
            Description = $"Connected consoles, one round per number, comma-separated (1 to {MaxClients} each); the first round is the baseline of the ratios",
            DefaultValueFactory = _ => [1, 50, 500],
            CustomParser = argument =>
            {
                var text = argument.Tokens.Count > 0 ? argument.Tokens[0].Value : string.Empty;
                var counts = new List<int>();
                foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
                    {
                        argument.AddError($"--clients: '{part}' is not a number.");
                        return [];
                    }

                    counts.Add(count);
                }

                return [.. counts];
            },
        };
        var calls = new Option<int>("--calls") { Description = $"Calls per round (at most {LoadCommand.MaxCalls})", DefaultValueFactory = _ => 60 };
        var rate = new Option<double>("--rate") { Description = "New calls per second, steady (at most 50)", DefaultValueFactory = _ => 2 };
        var hangupAfter = CommonOptions.DurationOption("--hangup-after", "When each caller hangs up (simulated time from the first ring)", TimeSpan.FromSeconds(120));
        var connectConcurrency = new Option<int>("--connect-concurrency") { Description = "Connections opened at once during the ramp-up (1-128)", DefaultValueFactory = _ => 16 };
        var warmup = new Option<int>("--warmup") { Description = "Calls placed first with one console and not counted (JIT, cold caches)", DefaultValueFactory = _ => 10 };
        var serverPid = new Option<int?>("--server-pid") { Description = "The server's process id, for its memory. Default: the Hotline.Server process listening on --server's port" };

        var command = new Command(
            "bench-console",
            "Console latency benchmark: webhook that enqueues a call → card received by every connected console, per number of connected consoles; stops by itself");
        common.AddTo(command);
        foreach (var option in new Option[] { user, password, clients, calls, rate, hangupAfter, connectConcurrency, warmup, serverPid })
        {
            command.Options.Add(option);
        }

        List<string> Validate(ParseResult result)
        {
            var errors = new List<string>();
            if (result.GetValue(common.Server) is { } server && !LoadCommand.IsLoopback(server))
            {
                errors.Add("bench-console only targets this machine: --server must be localhost or a loopback address.");
            }

            if (string.IsNullOrEmpty(result.GetValue(password)))
            {
                errors.Add("--password is required (or set HOTLINE_PASSWORD).");
            }

            if (result.GetValue(clients) is not { Length: > 0 and <= 8 } counts || counts.Any(c => c is < 1 or > MaxClients))
            {
                errors.Add($"--clients: one to eight numbers from 1 to {MaxClients}, e.g. 1,50,500.");
            }

            if (result.GetValue(calls) is < 1 or > LoadCommand.MaxCalls)
            {
                errors.Add($"--calls must be from 1 to {LoadCommand.MaxCalls}.");
            }

            if (result.GetValue(rate) is not (> 0 and <= 50))
            {
                errors.Add("--rate must be greater than 0 and at most 50 calls per second.");
            }

            if (result.GetValue(warmup) is < 0 or > 1000)
            {
                errors.Add("--warmup must be from 0 to 1000 calls.");
            }

            if (result.GetValue(connectConcurrency) is < 1 or > 128)
            {
                errors.Add("--connect-concurrency must be from 1 to 128.");
            }

            return errors;
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            if (CommandErrors.Report(Validate(parse).Concat(common.Errors(parse))))
            {
                return 2;
            }

            var console = AnsiConsole.Console;
            var options = common.Read(parse, maxConnections: 200);
            var plan = new ConsoleBenchPlan(
                parse.GetValue(clients)!,
                parse.GetValue(calls),
                parse.GetValue(rate),
                parse.GetValue(hangupAfter),
                parse.GetValue(connectConcurrency),
                parse.GetValue(user)!,
                parse.GetValue(password)!,
                parse.GetValue(warmup));

            var server = options.Endpoint.ServerBaseUrl;
            var pid = parse.GetValue(serverPid);
            var how = "--server-pid";
            pid ??= ServerProcess.Find(server.Port, out how);
            console.MarkupLineInterpolated($"[bold]bench-console[/] {server} — {plan.Calls} appels à {plan.CallsPerSecond.ToString(CultureInfo.InvariantCulture)}/s par manche (vitesse ×{options.Speed.ToString(CultureInfo.InvariantCulture)}, raccroché après {Durations.Format(plan.HangupAfter)} simulées), consoles {string.Join(", ", plan.ClientCounts)} connectées en {plan.UserName}");
            console.MarkupLineInterpolated($"Serveur: {(pid is { } p ? $"pid {p} ({how})" : how)}; machine: {Environment.ProcessorCount} cœurs, charge {ConsoleBenchRunner.LoadAverage()}");
            console.WriteLine("Latence = réception de CallQueued par chaque console − envoi du webhook postal-code (celui qui répond <Enqueue>); carte ↔ appel par ReceivedAt/QueuedAt (horloge commune).");

            IReadOnlyList<ConsoleBenchRound> rounds;
            try
            {
                rounds = await new ConsoleBenchRunner(options, plan, pid, line => console.WriteLine(line)).RunAsync(cancellationToken);
            }
            catch (InvalidOperationException e)
            {
                console.MarkupLineInterpolated($"[red]{e.Message}[/]");
                return 1;
            }
            catch (HttpRequestException e)
            {
                console.MarkupLineInterpolated($"[red]{server}: {e.Message}[/]");
                return 1;
            }

            PrintSummary(console, rounds);
            return rounds.All(r => r.Complete) ? 0 : 1;
        });
        return command;
    }

    private static void PrintSummary(IAnsiConsole console, IReadOnlyList<ConsoleBenchRound> rounds)
    {
        static string Ms(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
        static string Seconds(TimeSpan? value) => value is { } v ? v.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s" : "n/a";
        static string Ratio(double value, double baseline) => baseline > 0 ? "×" + (value / baseline).ToString("0.0", CultureInfo.InvariantCulture) : "—";

        var baseline = rounds[0].Delivery.Latency;
        var table = new Table()
            .Title("Webhook d'enfilement → carte reçue par chaque console (ms)")
            .AddColumns("consoles", "appels", "échantillons", "manquants", "p50", "p95", "p99", "max", "p50/p99 vs base", "RSS avant", "RSS connectés", "RSS pic", "RSS après");
        foreach (var round in rounds)
        {
            var d = round.Delivery;
            table.AddRow(
                d.Clients.ToString(CultureInfo.InvariantCulture),
                $"{d.CallsEnqueued}/{d.CallsDriven}",
                d.Latency.Count.ToString(CultureInfo.InvariantCulture),
                d.MissingDeliveries.ToString(CultureInfo.InvariantCulture),
                Ms(d.Latency.P50),
                Ms(d.Latency.P95),
                Ms(d.Latency.P99),
                Ms(d.Latency.Max),
                $"{Ratio(d.Latency.P50, baseline.P50)} / {Ratio(d.Latency.P99, baseline.P99)}",
                ConsoleBenchRunner.Mib(round.RssBefore),
                ConsoleBenchRunner.Mib(round.RssConnected),
                ConsoleBenchRunner.Mib(round.RssPeak),
                ConsoleBenchRunner.Mib(round.RssAfter));
        }

        console.Write(table);
        foreach (var round in rounds)
        {
            var d = round.Delivery;
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{d.Clients} console(s): montée en {round.RampUp.TotalSeconds:0.0} s ({round.ConnectFailed} échecs, {round.ClosedDuringRound} fermées en cours); "
                + $"webhook postal-code p50 {Ms(d.EnqueueWebhook.P50)} / p99 {Ms(d.EnqueueWebhook.P99)} ms; "
                + $"1re console p50 {Ms(d.FirstClient.P50)} / p99 {Ms(d.FirstClient.P99)} ms, dernière console p50 {Ms(d.LastClient.P50)} / p99 {Ms(d.LastClient.P99)} ms; "
                + $"cartes non appariées {d.UnmatchedCards}, ambiguës {d.AmbiguousCards}; erreurs de webhook {round.WebhookErrors}; "
                + $"manche {round.Duration.TotalSeconds:0} s, CPU serveur {Seconds(round.ServerCpu)}, CPU du banc {Seconds(round.BenchCpu)} (GC: {round.BenchGcCount} collectes, {round.BenchGcPause.TotalMilliseconds:0} ms de pause); charge {round.LoadAverageBefore} → {round.LoadAverageAfter}"));
        }
    }
}
