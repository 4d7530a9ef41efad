using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Hotline.Telephony.Simulator.Bench;
using Spectre.Console;

namespace Hotline.Telephony.Simulator.Cli;

/// <summary>
/// <c>bench-communes</c>: the triage's commune search by name (<c>GET /api/geography/communes?q=</c>) over a fixed
/// list of 1,000 queries, one at a time after a warm-up, as a signed-in counsellor; p50/p99/max (goal: p99 ≤ 20 ms).
/// </summary>
internal static class BenchCommunesCommand
{
    public static Command Create()
    {
        var server = CommonOptions.UrlOption("--server", "The Hotline server", new Uri("http://localhost:5080"));
        var user = new Option<string>("--user") { Description = "A counsellor account", DefaultValueFactory = _ => "counsellor1" };
        var password = new Option<string?>("--password")
        {
            Description = "Its password. Default: $HOTLINE_BENCH_PASSWORD, else the Development demo password",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("HOTLINE_BENCH_PASSWORD") ?? "Hotline-Demo-2026",
        };
        var command = new Command("bench-communes", "Commune name search benchmark: 1,000 fixed queries one at a time; p50/p99/max");
        command.Options.Add(server);
        command.Options.Add(user);
        command.Options.Add(password);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var target = parse.GetValue(server)!;
            var console = AnsiConsole.Console;
            var cookie = await ConsoleClients.SignInAsync(target, parse.GetValue(user)!, parse.GetValue(password)!, cancellationToken);
            using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = target, Timeout = TimeSpan.FromSeconds(30) };
            http.DefaultRequestHeaders.Add("Cookie", cookie);
            var queries = CommuneQueries.Fixed();
            foreach (var query in queries.Take(100))
            {
                await SearchAsync(http, query, cancellationToken);
            }

            var timings = new List<double>(queries.Count);
            var results = 0;
            foreach (var query in queries)
            {
                var started = Stopwatch.GetTimestamp();
                results += await SearchAsync(http, query, cancellationToken);
                timings.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            timings.Sort();
            string Ms(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
            console.MarkupLineInterpolated(
                $"[bold]bench-communes[/] {target} — {queries.Count} requêtes : p50 {Ms(Percentile(timings, 0.50))} ms, p99 {Ms(Percentile(timings, 0.99))} ms, max {Ms(timings[^1])} ms, {timings.Count(t => t > 20)} au-delà de 20 ms ; {results} résultats au total");
            return 0;
        });
        return command;
    }

    private static async Task<int> SearchAsync(HttpClient http, string query, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync("api/geography/communes?q=" + Uri.EscapeDataString(query), cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return body.Split("\"code\"", StringSplitOptions.None).Length - 1;
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}

/// <summary>The fixed 1,000 queries: 50 names as counsellors type them, in 20 spellings each (prefixes, no accents, "St-", case).</summary>
internal static class CommuneQueries
{
    private static readonly string[] Names =
    [
        "Tarascon", "Boulbon", "Saint-Rémy-de-Provence", "Saint-Denis", "Marseille", "Paris", "Lyon", "Ajaccio", "Bastia", "Toulouse",
        "Nice", "Nantes", "Strasbourg", "Montpellier", "Bordeaux", "Lille", "Rennes", "Reims", "Le Havre", "Saint-Étienne",
        "Toulon", "Grenoble", "Dijon", "Angers", "Nîmes", "Villeurbanne", "Clermont-Ferrand", "Le Mans", "Aix-en-Provence", "Brest",
        "Tours", "Amiens", "Limoges", "Annecy", "Perpignan", "Boulogne-Billancourt", "Metz", "Besançon", "Orléans", "Saint-Paul",
        "Rouen", "Argenteuil", "Mulhouse", "Caen", "Nancy", "Saint-Pierre", "Roubaix", "Tourcoing", "Nanterre", "L'Haÿ-les-Roses",
    ];

    public static IReadOnlyList<string> Fixed()
    {
        var queries = new List<string>(1000);
        foreach (var name in Names)
        {
            var plain = RemoveAccents(name);
            var words = plain.Split([' ', '-', '\''], StringSplitOptions.RemoveEmptyEntries);
            var last = words[^1];
            string[] spellings =
            [
                name, name.ToLowerInvariant(), name.ToUpperInvariant(), plain, plain.ToLowerInvariant(), plain.Replace('-', ' '),
                name.Replace("Saint-", "St-", StringComparison.Ordinal), name.Replace("Saint-", "st ", StringComparison.Ordinal),
                plain[..Math.Min(3, plain.Length)], plain[..Math.Min(4, plain.Length)], plain[..Math.Min(5, plain.Length)],
                plain[..Math.Min(6, plain.Length)], plain[..Math.Min(8, plain.Length)], last, last.ToLowerInvariant(),
                last[..Math.Min(4, last.Length)], name + " ", " " + name, $"{name} 1", $"{plain[..Math.Min(7, plain.Length)]}",
            ];
            queries.AddRange(spellings);
        }

        return queries;
    }

    private static string RemoveAccents(string text) => string.Concat(
        text.Normalize(System.Text.NormalizationForm.FormD).Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark));
}
