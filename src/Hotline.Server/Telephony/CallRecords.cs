using Hotline.Server.Calls;
using Hotline.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Hotline.Server.Telephony;

/// <summary>
/// How the webhook steps read and change a call: within the database budget (a caller never waits on
/// a slow database), retried on a concurrent change, and signalled to the live console when the status moved.
/// </summary>
public sealed class CallRecords(
    HotlineDbContext db,
    TimeProvider time,
    IOptions<TelephonyOptions> telephony,
    CallerNumbers callerNumbers,
    QueueSignals signals,
    ILogger<CallRecords> logger)
{
    /// <summary>How long a step may wait for PostgreSQL before it answers without it.</summary>
    public CancellationTokenSource Budget() => new(telephony.Value.DatabaseBudget, time);

    public Task<Call?> FindAsync(string callSid, CancellationToken cancellationToken) =>
        db.Calls.FirstOrDefaultAsync(call => call.CallSid == callSid, cancellationToken);

    /// <summary>
    /// A change in one conditional statement when it applies (the usual case: the call is where the step expects
    /// it), otherwise on the loaded call (<see cref="UpdateAsync"/>: a call never seen, or one that moved on).
    /// False when the database is unreachable.
    /// </summary>
    public async Task<bool> ChangeAsync(
        TwilioRequest request, DateTimeOffset now, Func<CancellationToken, Task<Guid?>>? statement, bool statusMoved, Action<Call> change)
    {
        if (statement is not null)
        {
            try
            {
                using var budget = Budget();
                if (await statement(budget.Token) is { } callId)
                {
                    if (statusMoved)
                    {
                        signals.CallChanged(callId);
                    }

                    return true;
                }
            }
            catch (Exception exception) when (OutageJournal.IsDatabaseOutage(exception))
            {
                logger.LogWarning("Database unreachable during the menu of call {CallSid}", request.CallSid);
                return false;
            }
        }

        return await UpdateAsync(request, now, change);
    }

    /// <summary>Loads the call, applies a change and saves it; false when the database is unreachable.</summary>
    public async Task<bool> UpdateAsync(TwilioRequest request, DateTimeOffset now, Action<Call> change)
    {
        try
        {
            using var budget = Budget();
            for (var attempt = 1; ; attempt++)
            {
                db.ChangeTracker.Clear();
                var call = await FindAsync(request.CallSid!, budget.Token);
                if (call is null)
                {
                    // A call we never saw (it arrived during an outage, or the webhook is stray): start its record now.
                    call = Call.Enter(request.CallSid!, callerNumbers.Hash(request.From), now, "first seen mid-flow");
                    db.Calls.Add(call);
                }

                var before = call.Status;
                change(call);
                try
                {
                    await db.SaveChangesAsync(budget.Token);
                    signals.CallMoved(call.Id, before, call.Status);

                    return true;
                }
                catch (DbUpdateConcurrencyException) when (attempt < 3)
                {
                }
            }
        }
        catch (Exception exception) when (OutageJournal.IsDatabaseOutage(exception))
        {
            logger.LogWarning("Database unreachable during the menu of call {CallSid}", request.CallSid);
            return false;
        }
    }

    public static bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
