namespace Hotline.Telephony.Simulator.Chaos;

/// <summary>
/// One part of the run: before the first fault, then each fault from its start to the next one's. Times are offsets
/// from the run's start. <see cref="FaultEnded"/>: the component is back (instance ready again, PostgreSQL started,
/// Redis started). <see cref="InStepAt"/>: every console's queue equals the server's snapshot again.
/// </summary>
public sealed record ChaosPhase(
    string Name,
    TimeSpan Start,
    TimeSpan End,
    TimeSpan? FaultEnded = null,
    TimeSpan? InStepAt = null,
    int MissingCards = 0,
    int StaleCards = 0);

/// <summary>What the database says of a placed call (null: the server never recorded it).</summary>
public sealed record ServerCall(Guid CallId, string Status, bool Queued, bool Answered);

public sealed record PlacedCall(string CallSid, TimeSpan PlacedAt, ServerCall? Server);

public sealed record ServerOffer(Guid OfferId, string CallSid, Guid CounsellorId, string Outcome, TimeSpan OfferedAt);

/// <summary>A webhook that failed as Twilio would see it (an HTTP error, a refused connection, no answer in 15 s).</summary>
public sealed record WebhookFailure(TimeSpan At, string Purpose, string Path, string Error);

public sealed record ChaosRow(
    string Phase,
    int Placed,
    int Reached,
    int Lost,
    int NeverEnqueued,
    int NeverOffered,
    int OfferedToNobody,
    int OffersExpiredUnseen,
    int OffersExpiredSeen,
    int WebhookFailures,
    IReadOnlyDictionary<string, int> TwilioWouldDo,
    int MissingCards,
    int StaleCards,
    TimeSpan? Recovery,
    bool HasFault)
{
    public bool MeetsTarget(TimeSpan recoveryTarget) =>
        Lost == 0 && OffersExpiredUnseen == 0 && (!HasFault || Recovery is { } r && r <= recoveryTarget);
}

/// <summary>The chaos run's accounting: calls, offers and webhook failures attributed to the phase they happened in.</summary>
public static class ChaosReport
{
    public const string RetriedThenFallback = "retried once (connection failure), then the fallback URL";
    public const string Fallback = "fallback URL (fallback.xml: Twilio's queue, unseen by Hotline)";
    public const string WaitEnds = "wait ends: QueueResult=error to the Enqueue action";
    public const string NotRetried = "not retried (status callback lost)";

    /// <summary>
    /// What Twilio does after a failed webhook, per its documentation: a voice request is retried only on a connection
    /// failure (connection override defaults rc=1, rp=ct); otherwise, and after that retry, the call's TwiML comes from
    /// the number's fallback URL. The wait URL's failure ends the wait. Status callbacks have no fallback.
    /// </summary>
    public static string TwilioWouldDo(WebhookFailure failure)
    {
        var connection = failure.Error is "ConnectionError" or "NameResolutionError" or "SecureConnectionError";
        return failure.Purpose switch
        {
            "status" => connection ? "retried once (connection failure), else lost" : NotRetried,
            "wait" => WaitEnds,
            _ => connection ? RetriedThenFallback : Fallback,
        };
    }

    public static IReadOnlyList<ChaosRow> Compute(
        IReadOnlyList<ChaosPhase> phases,
        IReadOnlyList<PlacedCall> calls,
        IReadOnlyList<ServerOffer> offers,
        IReadOnlySet<Guid> offersSeen,
        IReadOnlyList<WebhookFailure> failures)
    {
        var rows = phases.Select(phase => Row(
            phase.Name,
            calls.Where(c => In(phase, c.PlacedAt)).ToList(),
            offers.Where(o => In(phase, o.OfferedAt)).ToList(),
            offers,
            offersSeen,
            failures.Where(f => In(phase, f.At)).ToList(),
            phase.MissingCards,
            phase.StaleCards,
            Recovery(phase),
            phase.FaultEnded is not null)).ToList();
        var faults = phases.Where(p => p.FaultEnded is not null).ToList();
        TimeSpan? worst = faults.Count == 0 || faults.Any(p => Recovery(p) is null) ? null : faults.Max(p => Recovery(p)!.Value);
        rows.Add(Row("overall", calls, offers, offers, offersSeen, failures,
            phases.Sum(p => p.MissingCards), phases.Sum(p => p.StaleCards), worst, faults.Count > 0));
        return rows;
    }

    /// <summary>From the component's return to every console in step; null when it never happened in the phase.</summary>
    public static TimeSpan? Recovery(ChaosPhase phase) =>
        phase is { FaultEnded: { } ended, InStepAt: { } inStep } ? (inStep > ended ? inStep - ended : TimeSpan.Zero) : null;

    private static bool In(ChaosPhase phase, TimeSpan at) => at >= phase.Start && at < phase.End;

    private static ChaosRow Row(
        string name,
        IReadOnlyList<PlacedCall> calls,
        IReadOnlyList<ServerOffer> phaseOffers,
        IReadOnlyList<ServerOffer> allOffers,
        IReadOnlySet<Guid> offersSeen,
        IReadOnlyList<WebhookFailure> failures,
        int missing,
        int stale,
        TimeSpan? recovery,
        bool hasFault)
    {
        var offeredSids = allOffers.Select(o => o.CallSid).ToHashSet(StringComparer.Ordinal);
        var lost = calls.Where(c => c.Server is not { Answered: true }).ToList();
        var neverEnqueued = lost.Count(c => c.Server is not { Queued: true });
        var neverOffered = lost.Count(c => c.Server is { Queued: true } && !offeredSids.Contains(c.CallSid));
        var expired = phaseOffers.Where(o => o.Outcome == "Expired").ToList();
        var unseen = expired.Count(o => !offersSeen.Contains(o.OfferId));
        var reactions = failures.GroupBy(TwilioWouldDo).OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return new ChaosRow(
            name,
            calls.Count,
            calls.Count - lost.Count,
            lost.Count,
            neverEnqueued,
            neverOffered,
            lost.Count - neverEnqueued - neverOffered,
            unseen,
            expired.Count - unseen,
            failures.Count,
            reactions,
            missing,
            stale,
            recovery,
            hasFault);
    }
}
