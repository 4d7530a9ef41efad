using System.CommandLine;
using System.Globalization;
using System.Net;
using Hotline.Telephony.Simulator.Load;
using Spectre.Console;

namespace Hotline.Telephony.Simulator.Cli;

/// <summary><c>load</c>: many concurrent simulated calls against a local server, with latency percentiles.</summary>
internal static class LoadCommand
{
    public const int MaxCalls = 5000;

    public static Command Create()
    {
        var common = new CommonOptions();
        var calls = new Option<int>("--calls") { Description = $"How many calls (at most {MaxCalls})", DefaultValueFactory = _ => 50 };
        var rate = new Option<double>("--rate") { Description = "New calls per second (at most 200)", DefaultValueFactory = _ => 5 };
        var maxConcurrent = new Option<int>("--max-concurrent") { Description = "Calls in progress at most (at most 1000)", DefaultValueFactory = _ => 200 };
        var hangupAfter = CommonOptions.DurationOption("--hangup-after", "When each caller hangs up", TimeSpan.FromSeconds(20));
        var digits = new Option<string[]>("--digits") { Description = "Menu keys each caller presses", DefaultValueFactory = _ => ["2"] };
        var postalCode = new Option<string?>("--postal-code") { Description = "Postal code each caller types", DefaultValueFactory = _ => "13150" };
        var anonymousShare = new Option<double>("--anonymous-share") { Description = "Share of callers with a withheld number (0-1)", DefaultValueFactory = _ => 0.2 };
        var servePort = new Option<int?>("--serve-port") { Description = "Also serve the Twilio REST API on 127.0.0.1:PORT during the test" };

        var command = new Command("load", "Drive many concurrent simulated calls against a local Hotline server; stops by itself");
        common.AddTo(command);
        foreach (var option in new Option[] { calls, rate, maxConcurrent, hangupAfter, digits, postalCode, anonymousShare, servePort })
        {
            command.Options.Add(option);
        }

        List<string> Validate(ParseResult result)
        {
            var errors = new List<string>();
            if (result.GetValue(common.Server) is { } server && !IsLoopback(server))
            {
                errors.Add("load only targets this machine: --server must be localhost or a loopback address (127.0.0.0/8, ::1).");
            }

            if (result.GetValue(calls) is < 1 or > MaxCalls)
            {
                errors.Add($"--calls must be from 1 to {MaxCalls}.");
            }

            if (result.GetValue(rate) is not (> 0 and <= 200))
            {
                errors.Add("--rate must be greater than 0 and at most 200 calls per second.");
            }

            if (result.GetValue(maxConcurrent) is < 1 or > 1000)
            {
                errors.Add("--max-concurrent must be from 1 to 1000.");
            }

            if (result.GetValue(anonymousShare) is < 0 or > 1)
            {
                errors.Add("--anonymous-share must be between 0 and 1.");
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
            var plan = new LoadPlan(
                parse.GetValue(calls),
                parse.GetValue(rate),
                parse.GetValue(maxConcurrent),
                parse.GetValue(hangupAfter),
                parse.GetValue(digits) ?? [],
                parse.GetValue(postalCode),
                parse.GetValue(anonymousShare));
            var options = common.Read(parse, maxConnections: plan.MaxConcurrent);
            var statistics = new LoadStatistics();
            await using var host = new SimulatorHost(options, statistics);
            if (parse.GetValue(servePort) is { } port)
            {
                await host.StartRestApiAsync(port, cancellationToken);
            }

            console.MarkupLineInterpolated($"[bold]{plan.Calls}[/] appels à {plan.CallsPerSecond.ToString(CultureInfo.InvariantCulture)}/s (au plus {plan.MaxConcurrent} simultanés) vers {options.Endpoint.ServerBaseUrl}, raccroché après {Durations.Format(plan.HangupAfter)} (vitesse ×{options.Speed}); arrêt au plus tard après {Durations.Format(LoadRunner.Deadline(plan, options.Speed))}");
            var run = new LoadRunner(host, statistics).RunAsync(plan, cancellationToken);
            await ShowProgressAsync(console, run, statistics, plan);
            var snapshot = statistics.Snapshot();
            PrintSummary(console, snapshot);
            return snapshot.WebhookErrors == 0 && snapshot.CallsCompleted == plan.Calls ? 0 : 1;
        });
        return command;
    }

    internal static bool IsLoopback(Uri server) =>
        server.IsLoopback || (IPAddress.TryParse(server.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    private static async Task ShowProgressAsync(IAnsiConsole console, Task run, LoadStatistics statistics, LoadPlan plan)
    {
        if (!console.Profile.Capabilities.Interactive)
        {
            while (await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(2))) != run)
            {
                console.WriteLine(Line(statistics.Snapshot(), plan));
            }

            await run;
            return;
        }

        await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var started = context.AddTask("Appels lancés", maxValue: plan.Calls);
                var completed = context.AddTask("Appels terminés", maxValue: plan.Calls);
                var latency = context.AddTask("Webhooks", maxValue: 1);
                while (true)
                {
                    var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromMilliseconds(500))) == run;
                    var snapshot = statistics.Snapshot();
                    started.Value = snapshot.CallsStarted;
                    completed.Value = snapshot.CallsCompleted;
                    latency.Description = Markup.Escape(
                        $"Webhooks {snapshot.Webhooks} ({snapshot.WebhooksPerSecond:0.0}/s) p50 {snapshot.Latency.P50:0} ms p95 {snapshot.Latency.P95:0} ms p99 {snapshot.Latency.P99:0} ms, erreurs {snapshot.WebhookErrors}");
                    latency.Value = finished ? 1 : 0;
                    if (finished)
                    {
                        await run;
                        return;
                    }
                }
            });
    }

    private static string Line(LoadSnapshot s, LoadPlan plan) => string.Create(CultureInfo.InvariantCulture,
        $"[{s.Elapsed:mm\\:ss}] appels {s.CallsStarted}/{plan.Calls} lancés, {s.CallsCompleted} terminés; webhooks {s.Webhooks} ({s.WebhooksPerSecond:0.0}/s) p50 {s.Latency.P50:0} ms p95 {s.Latency.P95:0} ms p99 {s.Latency.P99:0} ms; erreurs {s.WebhookErrors}");

    private static void PrintSummary(IAnsiConsole console, LoadSnapshot s)
    {
        var table = new Table().Title("Latence des webhooks (ms)").AddColumns("Requête", "n", "p50", "p95", "p99", "max");
        foreach (var (purpose, summary) in s.LatencyByPurpose.OrderBy(p => p.Key, StringComparer.Ordinal).Append(new("TOUTES", s.Latency)))
        {
            table.AddRow(
                Markup.Escape(purpose),
                summary.Count.ToString(CultureInfo.InvariantCulture),
                summary.P50.ToString("0.0", CultureInfo.InvariantCulture),
                summary.P95.ToString("0.0", CultureInfo.InvariantCulture),
                summary.P99.ToString("0.0", CultureInfo.InvariantCulture),
                summary.Max.ToString("0.0", CultureInfo.InvariantCulture));
        }

        console.Write(table);
        console.MarkupLineInterpolated($"Durée {s.Elapsed.TotalSeconds:0.0} s — {s.CallsCompleted}/{s.CallsStarted} appels terminés — {s.Webhooks} webhooks ({s.WebhooksPerSecond:0.0}/s) — {s.WebhookErrors} en erreur");
        foreach (var (outcome, count) in s.CallOutcomes.OrderByDescending(o => o.Value))
        {
            console.MarkupLineInterpolated($"  {count} × {outcome}");
        }

        foreach (var (kind, count) in s.ErrorsByKind.OrderByDescending(e => e.Value))
        {
            console.MarkupLineInterpolated($"  [red]{count} × {kind}[/]");
        }
    }
}
