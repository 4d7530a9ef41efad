using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Hotline.Telephony.Simulator.Bench;
using Spectre.Console;

namespace Hotline.Telephony.Simulator.Cli;

/// <summary>
/// <c>bench-statistics</c>: seeds a year of history into a benchmark database (<see cref="StatisticsSeed"/>), then times
/// the one-year report for each groupBy, one request at a time, and the live wallboard alone and while reports run
/// (goal: p99 ≤ 300 ms). The server under test must be running on that database.
/// </summary>
internal static class BenchStatisticsCommand
{
    private static readonly string[] Cuts = ["day", "week", "month", "departement", "motive", "outcome"];

    public static Command Create()
    {
        var server = CommonOptions.UrlOption("--server", "The Hotline server, running on the benchmark database", new Uri("http://localhost:5080"));
        var database = new Option<string>("--database")
        {
            Description = "The benchmark database (its name must contain \"bench\"; it must hold no other calls), as a connection string",
            Required = true,
        };
        var user = new Option<string>("--user") { Description = "A supervisor account", DefaultValueFactory = _ => "supervisor1" };
        var password = new Option<string?>("--password")
        {
            Description = "Its password. Default: $HOTLINE_BENCH_PASSWORD, else the Development demo password",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("HOTLINE_BENCH_PASSWORD") ?? "Hotline-Demo-2026",
        };
        var calls = new Option<int>("--calls") { Description = "Calls to seed over the year", DefaultValueFactory = _ => 500_000 };
        var referrals = new Option<int>("--referrals") { Description = "Referrals to seed", DefaultValueFactory = _ => 50_000 };
        var year = new Option<int>("--year") { Description = "The year seeded and reported", DefaultValueFactory = _ => DateTime.UtcNow.Year - 1 };
        var requests = new Option<int>("--requests") { Description = "Timed reports per groupBy", DefaultValueFactory = _ => 30 };
        var command = new Command("bench-statistics", "Statistics benchmark: a year of seeded history; one-year report p50/p99 per groupBy, live wallboard p50/p99 alone and under reports");
        foreach (var option in new Option[] { server, database, user, password, calls, referrals, year, requests })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var console = AnsiConsole.Console;
            var target = PostgresTarget.FromConnectionString(parse.GetValue(database)!, "--database");
            var bin = InsertFloor.FindBinDirectory();
            if (target is null || bin is null)
            {
                return Fail(target is null ? "--database: a connection string with a Host is needed." : "psql not found under /usr/lib/postgresql/*/bin.");
            }

            var seed = new StatisticsSeed(target, bin);
            var name = await seed.DatabaseAsync(cancellationToken);
            if (!name.Contains("bench", StringComparison.OrdinalIgnoreCase))
            {
                return Fail($"The database \"{name}\" is not a benchmark's (its name must contain \"bench\"): nothing was written.");
            }

            var (seeded, others) = await seed.CountCallsAsync(cancellationToken);
            if (others > 0)
            {
                return Fail($"The database \"{name}\" holds {others} calls the benchmark did not write: nothing was written.");
            }

            var reportYear = parse.GetValue(year);
            if (seeded == 0)
            {
                var started = Stopwatch.GetTimestamp();
                var (callCount, eventCount, referralCount) = await seed.SeedAsync(reportYear, parse.GetValue(calls), parse.GetValue(referrals), cancellationToken);
                console.MarkupLineInterpolated(
                    $"Seeded {name}: {callCount:N0} calls, {eventCount:N0} events, {referralCount:N0} referrals over {reportYear} in {Stopwatch.GetElapsedTime(started).TotalSeconds:0} s");
            }
            else
            {
                console.MarkupLineInterpolated($"{name} already holds {seeded:N0} seeded calls: reused.");
            }

            var baseUri = parse.GetValue(server)!;
            var cookie = await ConsoleClients.SignInAsync(baseUri, parse.GetValue(user)!, parse.GetValue(password)!, cancellationToken);
            using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(60) };
            http.DefaultRequestHeaders.Add("Cookie", cookie);
            string Report(string cut) => $"api/statistics/report?from={reportYear}-01-01&to={reportYear}-12-31&groupBy={cut}";
            foreach (var cut in Cuts)
            {
                await TimeAsync(http, Report(cut), 2, cancellationToken); // warm-up
            }

            console.MarkupLine(Machine.Describe());
            var count = parse.GetValue(requests);
            foreach (var cut in Cuts)
            {
                var timings = await TimeAsync(http, Report(cut), count, cancellationToken);
                console.MarkupLineInterpolated($"report {reportYear} groupBy={cut,-12} {Summary(timings)}");
            }

            var alone = await TimeAsync(http, "api/statistics/live", 100, cancellationToken, TimeSpan.FromMilliseconds(50));
            console.MarkupLineInterpolated($"live alone                      {Summary(alone)}");
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var reports = Task.Run(async () =>
            {
                var done = 0;
                while (!stop.IsCancellationRequested)
                {
                    await TimeAsync(http, Report(Cuts[done++ % Cuts.Length]), 1, CancellationToken.None);
                }

                return done;
            }, CancellationToken.None);
            var loaded = await TimeAsync(http, "api/statistics/live", 100, cancellationToken, TimeSpan.FromMilliseconds(50));
            await stop.CancelAsync();
            var reportsRun = await reports;
            console.MarkupLineInterpolated($"live while reports run          {Summary(loaded)} ({reportsRun} reports meanwhile)");
            return 0;
        });
        return command;
    }

    private static int Fail(string error)
    {
        CommandErrors.Report([error]);
        return 2;
    }

    private static async Task<List<double>> TimeAsync(HttpClient http, string path, int count, CancellationToken cancellationToken, TimeSpan? pause = null)
    {
        var timings = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using (var response = await http.GetAsync(path, cancellationToken))
            {
                response.EnsureSuccessStatusCode();
                await response.Content.ReadAsByteArrayAsync(cancellationToken);
            }

            timings.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (pause is { } wait)
            {
                await Task.Delay(wait, cancellationToken);
            }
        }

        timings.Sort();
        return timings;
    }

    private static string Summary(List<double> sorted)
    {
        string Ms(double value) => value.ToString("0", CultureInfo.InvariantCulture);
        double At(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
        return $"p50 {Ms(At(0.50))} ms, p99 {Ms(At(0.99))} ms, max {Ms(sorted[^1])} ms ({sorted.Count} requests)";
    }
}
