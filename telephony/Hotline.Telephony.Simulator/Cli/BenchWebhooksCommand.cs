using System.CommandLine;
using System.Globalization;
using Hotline.Telephony.Simulator.Bench;
using Spectre.Console;

namespace Hotline.Telephony.Simulator.Cli;

/// <summary>
/// <c>bench-webhooks</c>: what one webhook costs against what PostgreSQL can durably write on the same machine, in one
/// run: the insert floor (pgbench), <c>/health/live</c>, then voice → menu → postal code with distinct signed calls,
/// closed loop; calls/s, p50/p99 and the ratio to the floor.
/// </summary>
internal static class BenchWebhooksCommand
{
    public static Command Create()
    {
        var common = new CommonOptions();
        var duration = CommonOptions.DurationOption("--duration", "How long each phase runs (pgbench and each closed loop), 1 s to 60 s", TimeSpan.FromSeconds(10));
        var connections = new Option<int>("--connections") { Description = "Connections of each closed loop (1-256)", DefaultValueFactory = _ => 32 };
        var insertClients = new Option<int>("--insert-clients") { Description = "pgbench clients for the insert floor (1-64)", DefaultValueFactory = _ => 8 };
        // 3,000 by default: .NET's tiered JIT recompiles the hot paths only after thousands of requests; with 300 the
        // phases measured a server still compiling (voice 900/s on a fresh server, 1,240/s once warm, same run otherwise).
        var warmup = new Option<int>("--warmup") { Description = "Complete calls placed first and not counted (tiered JIT, cold caches; 0-50000)", DefaultValueFactory = _ => 3000 };
        var database = new Option<string?>("--database")
        {
            Description = "The server's PostgreSQL (Npgsql connection string) for the insert floor. Default: $ConnectionStrings__Hotline, else the cluster of ./run.sh (.data/postgres)",
        };
        var pgBin = new Option<string?>("--pg-bin") { Description = "Folder with pgbench and psql. Default: the newest /usr/lib/postgresql/*/bin" };
        var noFloor = new Option<bool>("--no-floor") { Description = "Skip the insert floor (the ratios are then not printed)" };
        var steps = new Option<string[]>("--steps")
        {
            Description = "Steps measured, comma-separated, among live, voice, menu, postal-code (default: all). Earlier steps still run to bring calls there, not measured",
            DefaultValueFactory = _ => [.. WebhookBenchPlan.AllSteps],
            CustomParser = argument => argument.Tokens.Count == 0
                ? [.. WebhookBenchPlan.AllSteps]
                : [.. argument.Tokens[0].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)],
        };
        var generator = new Option<string>("--load-generator")
        {
            Description = "What sends the measured requests: wrk (C; default when wrk is on the PATH) or dotnet (HttpClient in this process, 0.19-0.36 ms of CPU per request taken from the machine measured, against 0.10-0.16 for wrk)",
            DefaultValueFactory = _ => WrkLoop.Find() is null ? "dotnet" : "wrk",
        };
        generator.AcceptOnlyFromAmong("wrk", "dotnet");
        var serverPid = new Option<int?>("--server-pid") { Description = "The server's process id, for its CPU time. Default: the Hotline.Server process listening on --server's port" };

        var command = new Command(
            "bench-webhooks",
            "Webhook cost benchmark: PostgreSQL's insert floor, /health/live and each IVR webhook (distinct signed calls, closed loop) in one run; stops by itself");
        common.AddTo(command);
        foreach (var option in new Option[] { duration, connections, insertClients, warmup, database, pgBin, noFloor, steps, generator, serverPid })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var errors = common.Errors(parse);
            if (parse.GetValue(common.Server) is { } server && !LoadCommand.IsLoopback(server))
            {
                errors.Add("bench-webhooks only targets this machine: --server must be localhost or a loopback address.");
            }

            if (parse.GetValue(duration) is var d && (d < TimeSpan.FromSeconds(1) || d > TimeSpan.FromSeconds(60)))
            {
                errors.Add("--duration must be from 1 s to 60 s.");
            }

            if (parse.GetValue(connections) is < 1 or > 256)
            {
                errors.Add("--connections must be from 1 to 256.");
            }

            if (parse.GetValue(insertClients) is < 1 or > 64)
            {
                errors.Add("--insert-clients must be from 1 to 64.");
            }

            if (parse.GetValue(warmup) is < 0 or > 50000)
            {
                errors.Add("--warmup must be from 0 to 50000 calls.");
            }

            var chosenSteps = parse.GetValue(steps) ?? [];
            if (chosenSteps.Length == 0 || chosenSteps.Any(step => !WebhookBenchPlan.AllSteps.Contains(step)))
            {
                errors.Add($"--steps: one or more of {string.Join(", ", WebhookBenchPlan.AllSteps)}, comma-separated.");
            }

            string? wrk = null;
            if (parse.GetValue(generator) == "wrk" && (wrk = WrkLoop.Find()) is null)
            {
                errors.Add("--load-generator wrk: wrk was not found on the PATH (apt-get install wrk), or pass --load-generator dotnet.");
            }

            var measureFloor = !parse.GetValue(noFloor);
            PostgresTarget? target = null;
            string? bin = null;
            if (measureFloor)
            {
                target = PostgresTarget.Resolve(parse.GetValue(database), Environment.CurrentDirectory);
                bin = parse.GetValue(pgBin) ?? InsertFloor.FindBinDirectory();
                if (target is null)
                {
                    errors.Add("The server's PostgreSQL was not found: pass --database \"Host=…;Port=…;Username=…;Password=…\" (or --no-floor).");
                }
                else if (!target.IsLoopback)
                {
                    errors.Add("bench-webhooks only targets this machine: the database host must be a loopback address.");
                }

                if (bin is null)
                {
                    errors.Add("pgbench was not found: install PostgreSQL's client tools or pass --pg-bin (or --no-floor).");
                }
            }

            if (CommandErrors.Report(errors))
            {
                return 2;
            }

            var console = AnsiConsole.Console;
            var plan = new WebhookBenchPlan(parse.GetValue(connections), parse.GetValue(duration), parse.GetValue(insertClients), parse.GetValue(warmup), measureFloor)
            {
                Steps = new HashSet<string>(chosenSteps, StringComparer.Ordinal),
                Wrk = wrk,
            };
            var options = common.Read(parse, maxConnections: plan.Connections);
            var serverUrl = options.Endpoint.ServerBaseUrl;
            var pid = parse.GetValue(serverPid);
            var how = "--server-pid";
            pid ??= ServerProcess.Find(serverUrl.Port, out how);
            var postmaster = target is null ? null : ServerProcess.FindPostmaster(target.Port);

            console.MarkupLineInterpolated($"[bold]bench-webhooks[/] {serverUrl} — {plan.Connections} connexions par boucle, {Durations.Format(plan.Duration)} par phase");
            console.WriteLine(Machine.Describe());
            console.WriteLine($"Serveur: {(pid is { } p ? $"pid {p} ({how}), {Machine.Build(p)}" : how)}; PostgreSQL: {target?.ToString() ?? "non mesuré"}{(postmaster is { } pm ? $", postmaster pid {pm}" : "")}");
            console.WriteLine($"Requêtes mesurées envoyées par: {(wrk is null ? "le client .NET de ce processus (HttpClient)" : $"{wrk}, un thread et une connexion par client")}; l'échauffement: .NET.");
            console.WriteLine("Chaque requête d'un webhook est un appel distinct (CallSid et numéro), signé comme Twilio le signe; voice → menu → postal-code reprennent les appels de l'étape précédente.");

            WebhookBenchReport report;
            try
            {
                report = await new WebhookBenchRunner(options, plan, measureFloor ? new InsertFloor(target!, bin!) : null, pid, postmaster, line => console.WriteLine(line))
                    .RunAsync(cancellationToken);
            }
            catch (InvalidOperationException e)
            {
                console.MarkupLineInterpolated($"[red]{e.Message}[/]");
                return 1;
            }
            catch (HttpRequestException e)
            {
                console.MarkupLineInterpolated($"[red]{serverUrl}: {e.Message}[/]");
                return 1;
            }

            Print(console, report);
            var failed = report.Phases.Sum(phase => phase.Loop.Errors);
            return failed == 0 && report.CallsLeftOpen == 0 ? 0 : 1;
        });
        return command;
    }

    private static void Print(IAnsiConsole console, WebhookBenchReport report)
    {
        static string Ms(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
        static string Cpu(double? value) => value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "n/a";
        var floor = report.Floor?.TransactionsPerSecond;
        string Ratio(double perSecond) => floor is > 0 ? (perSecond / floor.Value).ToString("0.0 %", CultureInfo.InvariantCulture) : "—";

        var table = new Table()
            .Title("Coût d'une requête, boucle fermée (latences en ms, CPU en ms par requête)")
            .AddColumns("étape", "connexions", "requêtes", "erreurs", "par s", "p50", "p99", "max", "÷ plancher", "CPU serveur", "CPU PostgreSQL", "CPU banc");
        if (report.Floor is { } f)
        {
            table.AddRow(
                $"plancher INSERT 1 ligne (pgbench)",
                f.Clients.ToString(CultureInfo.InvariantCulture),
                f.Transactions.ToString(CultureInfo.InvariantCulture),
                "0",
                f.TransactionsPerSecond.ToString("0", CultureInfo.InvariantCulture),
                Ms(f.Latency.P50),
                Ms(f.Latency.P99),
                Ms(f.Latency.Max),
                "100 %",
                "—",
                Cpu(report.FloorDatabaseCpuPerInsertMs),
                "—");
        }

        foreach (var phase in report.Phases)
        {
            var loop = phase.Loop;
            table.AddRow(
                Markup.Escape(loop.Name + (loop.Exhausted ? " *" : "")),
                loop.Connections.ToString(CultureInfo.InvariantCulture),
                loop.Requests.ToString(CultureInfo.InvariantCulture),
                loop.Errors.ToString(CultureInfo.InvariantCulture),
                loop.PerSecond.ToString("0", CultureInfo.InvariantCulture),
                Ms(loop.Latency.P50),
                Ms(loop.Latency.P99),
                Ms(loop.Latency.Max),
                Ratio(loop.PerSecond),
                Cpu(phase.ServerCpuPerRequestMs),
                Cpu(phase.DatabaseCpuPerRequestMs),
                Cpu(phase.LoadGeneratorCpuPerRequestMs));
        }

        console.Write(table);
        if (report.Floor is { } settings)
        {
            console.WriteLine($"Plancher: synchronous_commit={settings.SynchronousCommit}, fsync={settings.Fsync}, PostgreSQL {settings.ServerVersion}; une transaction = un INSERT d'une ligne (table jetable, base {InsertFloor.ScratchDatabase} supprimée ensuite).");
        }

        console.WriteLine("* plus d'appels à faire avancer avant la fin de la durée: l'étape a traité tous ceux de l'étape précédente.");
        foreach (var phase in report.Phases)
        {
            foreach (var (kind, count) in phase.Loop.ErrorsByKind.OrderByDescending(e => e.Value))
            {
                console.MarkupLineInterpolated($"[red]{phase.Loop.Name}: {count} × {kind}[/]");
            }
        }

        if (report.Phases.Any(phase => phase.Loop.ErrorsByKind.ContainsKey("HTTP 429")))
        {
            console.MarkupLine("[yellow]HTTP 429 : la limite de débit des webhooks du serveur est atteinte ; relancez le serveur avec RateLimits__WebhooksPerSecond=100000 pour ce banc.[/]");
        }

        if (report.CallsLeftOpen > 0)
        {
            console.MarkupLineInterpolated($"[yellow]{report.CallsLeftOpen} appels n'ont pas reçu leur fin d'appel: ils restent en file côté serveur.[/]");
        }

        console.WriteLine($"Charge (1, 5, 15 min) après chaque phase: {string.Join(" | ", report.Phases.Select(p => $"{p.Loop.Name}: {p.LoadAverageAfter}"))}");
    }
}
