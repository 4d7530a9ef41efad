using System.Reflection;
using System.Text.RegularExpressions;
using Hotline.Server.Calls;

namespace Hotline.Tests.Architecture;

/// <summary>
/// Calls/ is the only code that changes a call's status: <see cref="Call.MoveTo"/> (tracked) and
/// <see cref="CallTransitions"/> (races settled in SQL). The compiler enforces the first (private setter);
/// a scan of the sources catches the ways around it (ExecuteUpdate, EF's entry API, raw SQL).
/// </summary>
public sealed partial class CallStatusOwnershipTests
{
    [Fact]
    public void Only_the_call_itself_can_set_its_status()
    {
        var setter = typeof(Call).GetProperty(nameof(Call.Status))!.SetMethod;
        Assert.NotNull(setter); // EF maps it
        Assert.True(setter.IsPrivate, "Call.Status must have a private setter: a call moves with Call.MoveTo.");
        Assert.DoesNotContain(typeof(Call).GetProperties(BindingFlags.Public | BindingFlags.Instance), p => p.PropertyType == typeof(CallStatus) && p.Name != nameof(Call.Status));
    }

    [Fact]
    public void No_code_outside_Calls_writes_a_call_status()
    {
        var calls = Path.Combine(SourceTree.Server, "Calls") + Path.DirectorySeparatorChar;
        var violations = SourceTree.CSharpFiles(SourceTree.Server)
            .Where(file => !file.StartsWith(calls, StringComparison.Ordinal))
            .SelectMany(file => StatusWrites(File.ReadAllText(file)).Select(write => $"{SourceTree.Relative(file)}: {write}"))
            .ToList();

        Assert.True(violations.Count == 0,
            "Only Calls/ changes a call's status (Call.MoveTo, CallTransitions):\n" + string.Join('\n', violations));
    }

    [Theory]
    // The patterns this rule replaced (ConsoleService, CallFlow before the split): each must be caught.
    [InlineData("call.Status = CallStatus.Offered; // work items keep their status")]
    [InlineData("call = new Call { CallSid = entry.CallSid, ReceivedAt = entry.At, Status = CallStatus.InMenu };")]
    [InlineData("""
        var taken = await db.Calls
            .Where(c => c.Id == callId && c.Status == CallStatus.Offered)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.Status, CallStatus.Connecting).SetProperty(c => c.CounsellorId, userId), cancellationToken);
        """)]
    [InlineData("await db.Calls.Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, next), ct);")]
    [InlineData("db.Entry(call).Property(c => c.Status).CurrentValue = CallStatus.Completed;")]
    [InlineData("""await db.Database.ExecuteSqlAsync($"UPDATE calls SET status = 'Queued' WHERE id = {callId}");""")]
    [InlineData("""var sql = "update  calls set counsellor_id = null";""")]
    public void The_scan_catches_a_status_write(string code) => Assert.NotEmpty(StatusWrites(code));

    [Theory]
    // Reads, and other entities' statuses, are not writes of a call's status.
    [InlineData("if (call.Status == CallStatus.Queued) { }")]
    [InlineData("""db.Calls.FromSql($"SELECT *, xmin FROM calls c WHERE c.status = {nameof(CallStatus.Queued)}");""")]
    [InlineData("service.Status = ServiceStatus.Inactive;")]
    [InlineData("await db.Referrals.Where(r => r.Id == id).ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, ReferralStatus.Closed), ct);")]
    [InlineData("""UPDATE offers SET outcome = {withdrawn} WHERE NOT EXISTS (SELECT 1 FROM calls c WHERE c.status = ANY({statuses}))""")]
    public void The_scan_ignores_reads_and_other_statuses(string code) => Assert.Empty(StatusWrites(code));

    /// <summary>What in <paramref name="code"/> writes a call's status (or any column of calls in SQL).</summary>
    internal static IEnumerable<string> StatusWrites(string code)
    {
        foreach (Match match in AssignedCallStatus().Matches(code))
        {
            yield return match.Value;
        }

        foreach (Match match in EntryApiStatus().Matches(code))
        {
            yield return match.Value;
        }

        foreach (Match match in SqlWriteOfCalls().Matches(code))
        {
            yield return match.Value;
        }

        // ExecuteUpdate: a statement that sets some Status and is about calls (db.Calls, or a CallStatus value).
        foreach (var statement in code.Split(';'))
        {
            var set = SetStatusProperty().Match(statement);
            if (set.Success && (statement.Contains(".Calls", StringComparison.Ordinal) || statement.Contains("CallStatus.", StringComparison.Ordinal)))
            {
                yield return set.Value;
            }
        }
    }

    // "Status = CallStatus.X" in an assignment or an object initializer (not ==, not =>).
    [GeneratedRegex(@"\bStatus\s*=(?![=>])\s*CallStatus\.\w+")]
    private static partial Regex AssignedCallStatus();

    [GeneratedRegex(@"\.Property\(\s*(?:\w+\s*=>\s*\w+\.Status|nameof\(Call\.Status\)|""Status"")\s*\)\s*\.CurrentValue\s*=(?!=)")]
    private static partial Regex EntryApiStatus();

    [GeneratedRegex(@"\b(?:UPDATE|INSERT\s+INTO)\s+calls\b", RegexOptions.IgnoreCase)]
    private static partial Regex SqlWriteOfCalls();

    [GeneratedRegex(@"SetProperty\(\s*(\w+)\s*=>\s*\1\.Status\b")]
    private static partial Regex SetStatusProperty();
}
