using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Hotline.Telephony.Simulator.Load;

namespace Hotline.Telephony.Simulator.Bench;

/// <summary>
/// The closed loop run by wrk (C, epoll, LuaJIT): the .NET loop spent 0.19-0.36 ms of CPU per request, a fifth to a quarter of this
/// two-core machine taken from the server and PostgreSQL it measures, while the floor's own client, pgbench, is C too.
/// Each wrk thread holds one connection and sends its share of the prepared requests once each, in order, so every
/// answer is known to be its request's (<c>wrk-replay.lua</c>). Latencies are taken per request by the script, from
/// sending to the end of the answer: wrk's own latency summary corrects for coordinated omission with synthetic samples,
/// which this closed loop does not want.
/// </summary>
public sealed partial class WrkLoop(string wrk) : ILoadGenerator
{
    private static readonly string Script = Path.Combine(AppContext.BaseDirectory, "Bench", "wrk-replay.lua");

    /// <summary>wrk on the PATH, or null.</summary>
    public static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "wrk"))
            .FirstOrDefault(File.Exists);

    public async Task<LoopResult> RunAsync(
        string name, int connections, TimeSpan duration, PreparedRequests requests, Expected expected, Action<LoopRequest> succeeded,
        CancellationToken cancellationToken)
    {
        var all = requests.TakeAll();
        var threads = Math.Min(connections, all.Count);
        if (threads == 0)
        {
            return Empty(name, connections);
        }

        // Round robin, so every thread has calls from the whole list and the threads run out together.
        var slices = Enumerable.Range(0, threads).Select(t => all.Where((_, i) => i % threads == t).ToList()).ToList();
        WrkRun run;
        try
        {
            run = await RunWrkAsync(slices, "once", duration, expected, cancellationToken);
        }
        catch
        {
            all.ForEach(requests.NotSent);
            throw;
        }

        for (var t = 0; t < threads; t++)
        {
            var sent = run.Sent.GetValueOrDefault(t);
            for (var i = 0; i < slices[t].Count; i++)
            {
                if (i < sent)
                {
                    requests.Sent(slices[t][i]);
                    slices[t][i].Message.Dispose();
                }
                else
                {
                    requests.NotSent(slices[t][i]);
                }
            }
        }

        foreach (var answer in run.Answers.Where(a => a.Ok))
        {
            succeeded(slices[answer.Thread][answer.Number - 1]);
        }

        return run.Result(name, threads);
    }

    public async Task<LoopResult> RepeatAsync(
        string name, int connections, TimeSpan duration, Func<LoopRequest> request, Expected expected, CancellationToken cancellationToken)
    {
        var slices = Enumerable.Range(0, connections).Select(_ => new List<LoopRequest> { request() }).ToList();
        try
        {
            var run = await RunWrkAsync(slices, "repeat", duration, expected, cancellationToken);
            return run.Result(name, connections);
        }
        finally
        {
            slices.ForEach(slice => slice[0].Message.Dispose());
        }
    }

    private async Task<WrkRun> RunWrkAsync(
        List<List<LoopRequest>> slices, string mode, TimeSpan duration, Expected expected, CancellationToken cancellationToken)
    {
        var folder = System.IO.Directory.CreateTempSubdirectory("bench-wrk-");
        try
        {
            for (var t = 0; t < slices.Count; t++)
            {
                await using var file = File.Create(Path.Combine(folder.FullName, $"{t}.req"));
                foreach (var request in slices[t])
                {
                    await file.WriteAsync(await RawAsync(request.Message, cancellationToken), cancellationToken);
                    file.WriteByte(0);
                }
            }

            var target = slices[0][0].Message.RequestUri!;
            var start = new ProcessStartInfo(wrk)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            // The script ends the phase on its own clock, after the answer to each connection's last request. wrk's own
            // duration (whole seconds) is only a backstop: that last request may take up to the timeout.
            foreach (var argument in new[]
                     {
                         "--threads", slices.Count.ToString(CultureInfo.InvariantCulture),
                         "--connections", slices.Count.ToString(CultureInfo.InvariantCulture),
                         "--duration", $"{(int)Math.Ceiling(duration.TotalSeconds) + 31}s",
                         "--timeout", "30s",
                         "--script", Script,
                         $"{target.Scheme}://{target.Authority}/",
                         folder.FullName,
                         slices.Count.ToString(CultureInfo.InvariantCulture),
                         ((int)expected.Status).ToString(CultureInfo.InvariantCulture),
                         mode,
                         ((long)duration.TotalMicroseconds).ToString(CultureInfo.InvariantCulture),
                         expected.Marker,
                     })
            {
                start.ArgumentList.Add(argument);
            }

            var cpuBefore = EndedChildrenCpu();
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"{wrk} n'a pas démarré.");
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            var exhausted = false;
            var marks = Enumerable.Range(0, slices.Count).Select(t => Path.Combine(folder.FullName, t.ToString(CultureInfo.InvariantCulture))).ToList();
            while (!process.HasExited)
            {
                // Every thread out of requests or past the phase's end: wrk would still sleep out its duration. SIGINT
                // ends it now, summary included.
                if (marks.All(t => File.Exists(t + ".done") || File.Exists(t + ".stopped")))
                {
                    exhausted = marks.All(t => File.Exists(t + ".done"));
                    await InterruptAsync(process.Id);
                    break;
                }

                await Task.WhenAny(process.WaitForExitAsync(cancellationToken), Task.Delay(50, cancellationToken));
            }

            await process.WaitForExitAsync(cancellationToken);
            var wrkCpu = EndedChildrenCpu() - cpuBefore;
            var stdout = await output;
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"wrk a échoué ({process.ExitCode}): {(await errors).Trim()}");
            }

            var answers = new List<WrkAnswer>();
            for (var t = 0; t < slices.Count; t++)
            {
                var path = Path.Combine(folder.FullName, $"{t}.out");
                if (File.Exists(path))
                {
                    answers.AddRange(ParseAnswers(t, await File.ReadAllLinesAsync(path, cancellationToken)));
                }
            }

            return new WrkRun(answers, ParseSent(stdout), ParseSocketErrors(stdout), exhausted, wrkCpu);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The request as it goes on the wire (HTTP/1.1, keep-alive).</summary>
    internal static async Task<byte[]> RawAsync(HttpRequestMessage message, CancellationToken cancellationToken)
    {
        var body = message.Content is null ? [] : await message.Content.ReadAsByteArrayAsync(cancellationToken);
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{message.Method.Method} {message.RequestUri!.PathAndQuery} HTTP/1.1\r\n")
            .Append(CultureInfo.InvariantCulture, $"Host: {message.RequestUri.Authority}\r\n");
        var headers = message.Content is null ? message.Headers : message.Headers.Concat(message.Content.Headers);
        foreach (var (key, values) in headers.Where(h => !h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)))
        {
            head.Append(CultureInfo.InvariantCulture, $"{key}: {string.Join(", ", values)}\r\n");
        }

        if (message.Content is not null)
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n");
        }

        head.Append("\r\n");
        return [.. Encoding.ASCII.GetBytes(head.ToString()), .. body];
    }

    /// <summary>The script's lines: request number, expected (1/0), status, sent µs, answered µs.</summary>
    internal static IEnumerable<WrkAnswer> ParseAnswers(int thread, IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            var parts = line.Split(' ');
            if (parts.Length == 5
                && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var number)
                && int.TryParse(parts[2], CultureInfo.InvariantCulture, out var status)
                && long.TryParse(parts[3], CultureInfo.InvariantCulture, out var sent)
                && long.TryParse(parts[4], CultureInfo.InvariantCulture, out var answered))
            {
                yield return new WrkAnswer(thread, number, parts[1] == "1", (HttpStatusCode)status, sent, answered);
            }
        }
    }

    /// <summary>done()'s "sent &lt;thread&gt; &lt;count&gt;" lines.</summary>
    internal static Dictionary<int, int> ParseSent(string output) =>
        SentLine().Matches(output).ToDictionary(
            m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture),
            m => int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));

    /// <summary>done()'s socket errors (connect, read, write, timeout), those above zero.</summary>
    internal static Dictionary<string, int> ParseSocketErrors(string output) =>
        SocketErrors().Matches(output)
            .Select(m => (Kind: "wrk " + m.Groups[1].Value, Count: int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)))
            .Where(e => e.Count > 0)
            .ToDictionary(e => e.Kind, e => e.Count, StringComparer.Ordinal);

    [System.Text.RegularExpressions.GeneratedRegex(@"^sent (\d+) (\d+)$", System.Text.RegularExpressions.RegexOptions.Multiline)]
    private static partial System.Text.RegularExpressions.Regex SentLine();

    [System.Text.RegularExpressions.GeneratedRegex(@"(connect|read|write|timeout)=(\d+)")]
    private static partial System.Text.RegularExpressions.Regex SocketErrors();

    /// <summary>SIGINT, as Ctrl-C would: wrk then stops and still prints its summary (.NET can only kill).</summary>
    private static async Task InterruptAsync(int pid)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-INT", pid.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false });
        if (kill is not null)
        {
            await kill.WaitForExitAsync();
        }
    }

    private static LoopResult Empty(string name, int connections) =>
        new(name, connections, 0, 0, TimeSpan.Zero, LoadStatistics.Summarize([]), Exhausted: true, new Dictionary<string, int>(StringComparer.Ordinal));

    internal sealed record WrkAnswer(int Thread, int Number, bool Ok, HttpStatusCode Status, long SentMicroseconds, long AnsweredMicroseconds);

    /// <summary>CPU time of this process's children that have ended: wrk's, once it has.</summary>
    private static TimeSpan EndedChildrenCpu() =>
        (ServerProcess.CpuTime(Environment.ProcessId, includeEndedChildren: true) ?? TimeSpan.Zero)
        - (ServerProcess.CpuTime(Environment.ProcessId) ?? TimeSpan.Zero);

    private sealed record WrkRun(List<WrkAnswer> Answers, Dictionary<int, int> Sent, Dictionary<string, int> SocketErrors, bool Exhausted, TimeSpan Cpu)
    {
        public LoopResult Result(string name, int connections)
        {
            var errors = Answers.Where(a => !a.Ok)
                .GroupBy(a => Expected.ErrorKind(a.Status), StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            foreach (var (kind, count) in SocketErrors)
            {
                errors[kind] = count;
            }

            var elapsed = Answers.Count == 0
                ? TimeSpan.Zero
                : TimeSpan.FromMicroseconds(Answers.Max(a => a.AnsweredMicroseconds) - Answers.Min(a => a.SentMicroseconds));
            var latencies = Answers.Where(a => a.Ok).Select(a => (a.AnsweredMicroseconds - a.SentMicroseconds) / 1000.0).ToList();
            var errorCount = errors.Values.Sum();
            return new LoopResult(name, connections, latencies.Count + errorCount, errorCount, elapsed, LoadStatistics.Summarize(latencies), Exhausted, errors)
            {
                GeneratorCpu = Cpu,
            };
        }
    }
}
