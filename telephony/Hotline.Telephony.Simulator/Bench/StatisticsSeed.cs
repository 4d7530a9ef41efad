using System.Diagnostics;
using System.Globalization;

namespace Hotline.Telephony.Simulator.Bench;

/// <summary>
/// A year of invented history for <c>bench-statistics</c>, written straight in SQL (generate_series) into a database
/// whose name says it is a benchmark's, never one with real calls: calls with their events over the 101 départements
/// (weekday and hour shapes: weekends half as busy, most calls 9:00–20:00), and referrals with their triages.
/// </summary>
public sealed class StatisticsSeed(PostgresTarget target, string binDirectory)
{
    public const string CallPrefix = "BENCH-";

    /// <summary>The 101 départements, the most populous first (the seed draws early ones more often).</summary>
    private static readonly string[] Departements =
    [
        "59", "75", "13", "69", "92", "93", "62", "33", "78", "94", "77", "91", "06", "44", "76", "31", "95", "67", "34", "38",
        "57", "83", "35", "29", "974", "60", "30", "74", "68", "54", "42", "45", "64", "56", "84", "37", "63", "49", "17", "14",
        "22", "27", "71", "85", "50", "81", "72", "25", "01", "21", "51", "26", "66", "86", "87", "80", "02", "73", "24", "971",
        "972", "40", "28", "88", "11", "47", "03", "41", "16", "79", "10", "18", "12", "89", "70", "61", "2A", "2B", "973",
        "39", "08", "82", "65", "58", "19", "36", "976", "53", "32", "55", "52", "07", "04", "43", "46", "09", "05", "15", "23", "48", "90",
    ];

    public async Task<string> DatabaseAsync(CancellationToken cancellationToken) => (await PsqlAsync("SELECT current_database();", cancellationToken)).Trim();

    /// <summary>Calls that are not the seed's: a database with any is refused (it holds someone's data).</summary>
    public async Task<(long Seeded, long Others)> CountCallsAsync(CancellationToken cancellationToken)
    {
        var line = await PsqlAsync(
            $"SELECT count(*) FILTER (WHERE call_sid LIKE '{CallPrefix}%'), count(*) FILTER (WHERE call_sid NOT LIKE '{CallPrefix}%') FROM calls;", cancellationToken);
        var parts = line.Trim().Split('|');
        return (long.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    public async Task<(long Calls, long Events, long Referrals)> SeedAsync(int year, int calls, int referrals, CancellationToken cancellationToken)
    {
        var from = new DateOnly(year, 1, 1);
        var days = DateOnly.FromDateTime(new DateTime(year, 12, 31)).DayNumber - from.DayNumber + 1;
        // Weekend days keep half their draws: 6/7 of the candidates are kept on average, a little over the target.
        var candidates = (int)Math.Ceiling(calls * 7.0 / 6 * 1.03);
        var departements = "ARRAY[" + string.Join(',', Departements.Select(d => $"'{d}'")) + "]";
        var count = Departements.Length;
        var sql = $$"""
            SET synchronous_commit = off;
            BEGIN;
            INSERT INTO calls (id, call_sid, status, motive, priority, location, candidate_commune_codes, received_at, queued_at,
                               answered_at, ended_at, wrap_up_ended_at, wait_seconds, departement_code, leaving_queue, menu_attempts,
                               legal_hold, held_for_review)
            SELECT gen_random_uuid(), '{{CallPrefix}}' || s.g, s.status, s.motive,
                   CASE s.motive WHEN 'Urgent' THEN 30 WHEN 'Signal' THEN 20 WHEN 'Question' THEN 10 ELSE 0 END,
                   'Resolved', '{}', s.q - interval '20 seconds', s.q,
                   CASE WHEN s.status = 'Completed' THEN s.q + make_interval(secs => s.wait) END,
                   CASE WHEN s.status = 'Completed' THEN s.q + make_interval(secs => s.wait + s.talk)
                        WHEN s.status = 'Abandoned' THEN s.q + make_interval(secs => s.wait) END,
                   CASE WHEN s.status = 'Completed' THEN s.q + make_interval(secs => s.wait + s.talk + s.wrap) END,
                   s.wait, s.departement, false, 1, false, false
            FROM (
                SELECT d.g,
                       ((DATE '{{from:yyyy-MM-dd}}' + d.day) + make_interval(hours => d.hour, mins => d.minute, secs => d.second)) AT TIME ZONE 'Europe/Paris' AS q,
                       ({{departements}})[1 + floor({{count}} * power(random(), 1.6))::int] AS departement,
                       (ARRAY['Unspecified', 'Question', 'Signal', 'Urgent'])[CASE WHEN d.r < 0.1 THEN 1 WHEN d.r < 0.55 THEN 2 WHEN d.r < 0.95 THEN 3 ELSE 4 END] AS motive,
                       CASE WHEN d.fate < 0.80 THEN 'Completed' WHEN d.fate < 0.95 THEN 'Abandoned' ELSE 'Voicemail' END AS status,
                       floor(-ln(1 - random()) * 25)::int AS wait,
                       60 + floor(-ln(1 - random()) * 600)::int AS talk,
                       10 + floor(random() * 90)::int AS wrap
                FROM (
                    SELECT g, floor(random() * {{days}})::int AS day,
                           CASE WHEN random() < 0.9 THEN 9 + floor(random() * 11)::int ELSE floor(random() * 24)::int END AS hour,
                           floor(random() * 60)::int AS minute, floor(random() * 60)::int AS second, random() AS r, random() AS fate
                    FROM generate_series(1, {{candidates}}) g
                ) d
                WHERE NOT (extract(isodow FROM DATE '{{from:yyyy-MM-dd}}' + d.day) IN (6, 7) AND random() < 0.5)
            ) s;

            INSERT INTO call_events (call_id, kind, at, detail)
            SELECT c.id, e.kind, e.at, NULL
            FROM calls c CROSS JOIN LATERAL (VALUES
                ('Entered', c.received_at), ('MenuChoice', c.received_at + interval '5 seconds'), ('LocationGiven', c.queued_at),
                ('Queued', c.queued_at), ('Connected', c.answered_at),
                ('Completed', CASE WHEN c.status = 'Completed' THEN c.ended_at END),
                ('Abandoned', CASE WHEN c.status = 'Abandoned' THEN c.ended_at END),
                ('Voicemail', CASE WHEN c.status = 'Voicemail' THEN c.queued_at + interval '90 seconds' END),
                ('WrapUpEnded', c.wrap_up_ended_at)) AS e (kind, at)
            WHERE c.call_sid LIKE '{{CallPrefix}}%' AND e.at IS NOT NULL;

            CREATE TEMP TABLE bench_picked ON COMMIT DROP AS
                SELECT c.id AS call_id, gen_random_uuid() AS triage_id, c.ended_at AS sent_at, c.departement_code, row_number() OVER () AS n,
                       random() AS fate, random() AS delay
                FROM calls c WHERE c.call_sid LIKE '{{CallPrefix}}%' AND c.status = 'Completed' ORDER BY random() LIMIT {{referrals}};
            INSERT INTO triages (id, call_id, commune_cell_consent, created_at, immediate_danger, revision, taxonomy_version, updated_at, updated_by, outcome, warning_signs)
            SELECT triage_id, call_id, false, sent_at, false, 1, 'bench', sent_at, '00000000-0000-0000-0000-000000000000', 'ReferToDepartementalCell', '{}'
            FROM bench_picked;
            INSERT INTO referrals (id, reference, sender_name, call_id, triage_id, service_id, service_name, service_kind, departement_code,
                                   cog_year, routing_reason, shared, family_agreed, snapshot_at, urgent, state, sent_at, sent_by,
                                   acknowledge_by, acknowledged_at, closed_at, version, escalated_at, open_too_long_at)
            SELECT gen_random_uuid(), 'B-' || lpad(p.n::text, 10, '0'), 'Ligne nationale (banc d’essai)', p.call_id, p.triage_id,
                   (SELECT id FROM services WHERE kind = 'DepartementalCell' ORDER BY id LIMIT 1), 'Cellule départementale (banc d’essai)',
                   'DepartementalCell', p.departement_code, {{year}}, 'Banc d’essai', 0, false, p.sent_at, false,
                   CASE WHEN p.fate < 0.1 THEN 'Sent' WHEN p.fate < 0.3 THEN 'Acknowledged' WHEN p.fate < 0.7 THEN 'InFollowUp' ELSE 'Closed' END,
                   p.sent_at, '00000000-0000-0000-0000-000000000000', p.sent_at + interval '3 days',
                   CASE WHEN p.fate >= 0.1 THEN p.sent_at + make_interval(hours => floor(p.delay * 96)::int) END,
                   CASE WHEN p.fate >= 0.7 THEN p.sent_at + interval '30 days' END, 1,
                   -- History: supervisors were told long ago (the escalator has nothing to do with it).
                   p.sent_at + interval '3 days', p.sent_at + interval '90 days'
            FROM bench_picked p;
            COMMIT;
            ANALYZE calls; ANALYZE call_events; ANALYZE triages; ANALYZE referrals;
            SELECT (SELECT count(*) FROM calls WHERE call_sid LIKE '{{CallPrefix}}%') || '|' || (SELECT count(*) FROM call_events) || '|' || (SELECT count(*) FROM referrals);
            """;
        var parts = (await PsqlAsync(sql, cancellationToken)).Trim().Split('\n')[^1].Split('|');
        return (long.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture), long.Parse(parts[2], CultureInfo.InvariantCulture));
    }

    private async Task<string> PsqlAsync(string sql, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Path.Combine(binDirectory, "psql"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in new[]
        {
            "--no-psqlrc", "--quiet", "--tuples-only", "--no-align", "--set", "ON_ERROR_STOP=1",
            "--host", target.Host, "--port", target.Port.ToString(CultureInfo.InvariantCulture), "--username", target.User, target.Database,
        })
        {
            start.ArgumentList.Add(argument);
        }

        // The password goes through the environment, never the command line (visible to every user in ps).
        if (target.Password is { } password)
        {
            start.Environment["PGPASSWORD"] = password;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("psql did not start.");
        await process.StandardInput.WriteAsync(sql);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"psql failed (exit {process.ExitCode}): {(await stderr).Trim()}");
        }

        return await stdout;
    }
}
