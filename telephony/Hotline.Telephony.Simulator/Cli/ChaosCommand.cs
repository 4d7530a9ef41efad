using System.CommandLine;
using System.Globalization;
using Hotline.Telephony.Simulator.Bench;
using Hotline.Telephony.Simulator.Calls;
using Hotline.Telephony.Simulator.Chaos;
using Spectre.Console;

namespace Hotline.Telephony.Simulator.Cli;

/// <summary><c>chaos</c>: the fault benchmark against <c>./run.sh --instances 2</c> (see telephony/README.md).</summary>
internal static class ChaosCommand
{
    /// <summary>Every console back in step within this long after each fault: the target.</summary>
    public static readonly TimeSpan RecoveryTarget = TimeSpan.FromSeconds(10);

    public static Command Create()
    {
        var common = new CommonOptions();
        var state = new Option<string>("--state") { Description = "The set-up written by ./run.sh --instances 2", DefaultValueFactory = _ => Path.Combine(".data", "instances.json") };
        var duration = CommonOptions.DurationOption("--duration", "How long calls are placed (2m-10m); the faults come after 30 s, then every third of the rest", TimeSpan.FromSeconds(330));
        var rate = new Option<double>("--rate") { Description = "New calls per second (at most 2)", DefaultValueFactory = _ => 0.12 };
        var talk = CommonOptions.DurationOption("--talk", "How long a counsellor talks before hanging up (real time)", TimeSpan.FromSeconds(1));
        var postgresDown = CommonOptions.DurationOption("--postgres-down", "How long PostgreSQL stays stopped", TimeSpan.FromSeconds(5));
        var redisDown = CommonOptions.DurationOption("--redis-down", "How long Redis stays stopped", TimeSpan.FromSeconds(20));
        var kill = new Option<string>("--kill") { Description = "The instance that is SIGKILLed (its name in the state file)", DefaultValueFactory = _ => "i1" };
        var counsellors = new Option<string[]>("--counsellors") { Description = "Counsellor accounts, spread over the instances", DefaultValueFactory = _ => ["counsellor1", "counsellor2"], AllowMultipleArgumentsPerToken = true };
        var supervisor = new Option<string>("--supervisor") { Description = "The supervisor account watching from every instance and the balancer", DefaultValueFactory = _ => "supervisor1" };
        var password = new Option<string?>("--password")
        {
            Description = "Their password. Default: $HOTLINE_BENCH_PASSWORD, else the Development demo password",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("HOTLINE_BENCH_PASSWORD") ?? "Hotline-Demo-2026",
        };
        var fallback = new Option<string?>("--fallback") { Description = "The number's fallback TwiML, played when a webhook fails", DefaultValueFactory = _ => Path.Combine("telephony", "fallback.xml") };
        var speed = new Option<double>("--speed") { Description = "Simulated time (greeting, menu, hold music) runs this many times faster (1-100)", DefaultValueFactory = _ => 10 };
        var servePort = new Option<int>("--serve-port") { Description = "The Twilio REST API the instances call (their Twilio:ApiBaseUrl)", DefaultValueFactory = _ => 5081 };

        var command = new Command("chaos", "Fault benchmark with ./run.sh --instances 2: SIGKILL an instance, restart PostgreSQL, stop Redis, while calls flow; stops by itself");
        foreach (var option in new Option[] { common.PublicBaseUrl, common.AuthToken, common.AccountSid, speed, state, duration, rate, talk, postgresDown, redisDown, kill, counsellors, supervisor, password, fallback, servePort })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var console = AnsiConsole.Console;
            var errors = new List<string>();
            if (string.IsNullOrEmpty(parse.GetValue(common.AuthToken)))
            {
                errors.Add("--auth-token is required (or set TWILIO_AUTH_TOKEN): webhooks are signed with it.");
            }

            if (parse.GetValue(speed) is not (>= 1 and <= 100))
            {
                errors.Add("--speed must be from 1 to 100.");
            }

            ChaosSetup? setup = null;
            var statePath = parse.GetValue(state)!;
            if (!File.Exists(statePath))
            {
                errors.Add($"{statePath} not found: start ./run.sh --instances 2 first (it writes it), from this folder.");
            }
            else
            {
                setup = ChaosSetup.Load(statePath);
                errors.AddRange(setup.Problems());
                if (setup.Postgres is null)
                {
                    errors.Add($"{statePath}: no private PostgreSQL cluster (ConnectionStrings__Hotline was set): chaos restarts ./run.sh's own.");
                }

                if (!setup.Instances.Any(i => i.Name == parse.GetValue(kill)))
                {
                    errors.Add($"--kill: no instance {parse.GetValue(kill)} in {statePath}.");
                }
            }

            if (parse.GetValue(duration) is var d && (d < TimeSpan.FromMinutes(2) || d > TimeSpan.FromMinutes(10)))
            {
                errors.Add("--duration must be from 2m to 10m.");
            }

            if (parse.GetValue(rate) is not (> 0 and <= 2))
            {
                errors.Add("--rate must be greater than 0 and at most 2 calls per second.");
            }

            if (parse.GetValue(redisDown) > TimeSpan.FromMinutes(2) || parse.GetValue(postgresDown) > TimeSpan.FromMinutes(2))
            {
                errors.Add("--postgres-down and --redis-down are at most 2m.");
            }

            if (CommandErrors.Report(errors))
            {
                return 2;
            }

            var balancer = setup!.Balancer;
            var options = new SimulatorOptions
            {
                AccountSid = parse.GetValue(common.AccountSid)!,
                AuthToken = parse.GetValue(common.AuthToken)!,
                Endpoint = new HotlineEndpoint(balancer, parse.GetValue(common.PublicBaseUrl)),
                Speed = parse.GetValue(speed),
                MaxConnections = 64,
            };
            var fallbackPath = parse.GetValue(fallback);
            var plan = new ChaosPlan(
                parse.GetValue(duration), parse.GetValue(rate), parse.GetValue(talk), parse.GetValue(postgresDown), parse.GetValue(redisDown),
                parse.GetValue(kill)!, parse.GetValue(counsellors)!.SelectMany(c => c.Split(',', StringSplitOptions.RemoveEmptyEntries)).ToList(),
                parse.GetValue(supervisor)!, parse.GetValue(password)!,
                fallbackPath is not null && File.Exists(fallbackPath) ? File.ReadAllText(fallbackPath) : null,
                parse.GetValue(servePort));
            var pid = ChaosSetup.ReadPid(setup.Instances[0].PidFile);
            console.MarkupLineInterpolated($"[bold]chaos[/] {balancer} — {setup.Instances.Count} instances ({string.Join(", ", setup.Instances.Select(i => $"{i.Name} {i.Url}"))}), {plan.CallsPerSecond.ToString(CultureInfo.InvariantCulture)} appel/s pendant {Durations.Format(plan.Duration)}, vitesse ×{options.Speed.ToString(CultureInfo.InvariantCulture)}");
            console.WriteLine(Machine.Describe() + (pid is { } p ? $"; serveur {Machine.Build(p)}" : ""));
            console.WriteLine($"Pannes: {string.Join(", ", plan.Schedule.Select(s => $"{s.Fault} à {s.At:mm\\:ss}"))}; secours Twilio: {(plan.FallbackTwiml is null ? "aucun" : fallbackPath)}");

            ChaosResult result;
            try
            {
                result = await new ChaosRunner(options, setup, plan, line => console.WriteLine(line)).RunAsync(cancellationToken);
            }
            catch (Exception e) when (e is InvalidOperationException or HttpRequestException or IOException)
            {
                console.MarkupLineInterpolated($"[red]{e.Message}[/]");
                return 1;
            }

            Print(console, result);
            console.WriteLine(Machine.Describe());
            return result.Rows.All(r => r.MeetsTarget(RecoveryTarget)) ? 0 : 1;
        });
        return command;
    }

    private static void Print(IAnsiConsole console, ChaosResult result)
    {
        static string N(int value) => value.ToString(CultureInfo.InvariantCulture);
        var table = new Table()
            .Title("Pannes pendant le trafic (objectif: 0 perdu, 0 offre expirée sans être vue, consoles à jour en 10 s)")
            .AddColumns("phase", "appels placés", "ont eu un écoutant", "perdus (jamais en file / jamais offerts / offerts à personne de joignable)",
                "offres expirées non vues (vues)", "échecs de webhook", "cartes manquantes (en trop)", "rétablissement");
        foreach (var row in result.Rows)
        {
            table.AddRow(
                Markup.Escape(row.Phase),
                N(row.Placed),
                N(row.Reached),
                $"{N(row.Lost)} ({N(row.NeverEnqueued)} / {N(row.NeverOffered)} / {N(row.OfferedToNobody)})",
                $"{N(row.OffersExpiredUnseen)} ({N(row.OffersExpiredSeen)})",
                N(row.WebhookFailures),
                $"{N(row.MissingCards)} ({N(row.StaleCards)})",
                !row.HasFault ? "—" : row.Recovery is { } r ? r.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s" : "jamais");
        }

        console.Write(table);
        foreach (var row in result.Rows.Where(r => r.WebhookFailures > 0 && r.Phase != "overall"))
        {
            console.WriteLine($"{row.Phase}: ce que Twilio ferait des {row.WebhookFailures} échecs: {string.Join("; ", row.TwilioWouldDo.Select(p => $"{p.Value} × {p.Key}"))}");
        }

        var load = result.Load;
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Webhooks: {load.Webhooks} ({load.WebhookErrors} en échec), p50 {load.Latency.P50:0} ms, p99 {load.Latency.P99:0} ms, max {load.Latency.Max:0} ms; issues des appels: {string.Join(", ", load.CallOutcomes.Select(p => $"{p.Key} {p.Value}"))}"));
        foreach (var note in result.Notes)
        {
            console.WriteLine(note);
        }
    }
}
