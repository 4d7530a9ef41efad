using Hotline.Server.Calls;

namespace Hotline.Server.Statistics;

/// <summary>
/// The call figures' definitions, in one place for the reports (SQL aggregates) and the wallboard (one call at a time).
/// A call is counted on the day (and hour) it joined the queue, line time. Web messages are not calls on the line.
/// </summary>
/// <remarks>
/// Offered: joined the queue (<c>queued_at</c>, its first Queued event). Answered: a counsellor answered
/// (<c>answered_at</c>, its first Connected event). Abandoned: hung up before any answer (status Abandoned).
/// Short abandon: abandoned after waiting less than <c>Statistics:ShortAbandonSeconds</c> (Twilio's queue time, or
/// the hang-up time). Speed of answer: answered_at − queued_at. Handle time: answered_at to the end of the wrap-up
/// (<c>wrap_up_ended_at</c>, its WrapUpEnded event), i.e. talk + wrap-up.
/// </remarks>
public static class CallFigures
{
    /// <summary>The calls that count (the alias <c>c</c> is <c>calls</c>).</summary>
    public const string OfferedCalls = $"c.queued_at IS NOT NULL AND c.status <> '{nameof(CallStatus.WebMessage)}'";

    public const string IsAnswered = "c.answered_at IS NOT NULL";

    public const string IsAbandoned = $"(c.status = '{nameof(CallStatus.Abandoned)}' AND c.answered_at IS NULL)";

    /// <summary>Parameter <c>@short_abandon</c>: seconds.</summary>
    public const string IsShortAbandon =
        $"({IsAbandoned} AND COALESCE(c.wait_seconds::float8, EXTRACT(EPOCH FROM c.ended_at - c.queued_at)::float8) < @short_abandon)";

    public const string SecondsToAnswer = "EXTRACT(EPOCH FROM c.answered_at - c.queued_at)::float8";

    /// <summary>Parameter <c>@service_level</c>: seconds.</summary>
    public const string WithinServiceLevel = $"({IsAnswered} AND {SecondsToAnswer} <= @service_level)";

    public const string HandleSeconds = "CASE WHEN c.answered_at IS NOT NULL THEN EXTRACT(EPOCH FROM c.wrap_up_ended_at - c.answered_at)::float8 END";

    /// <summary>The sums every figure is computed from (columns named as <see cref="CallSums"/>'s properties).</summary>
    public const string Sums = $"""
        count(*)::int AS offered,
        count(*) FILTER (WHERE {IsAnswered})::int AS answered,
        count(*) FILTER (WHERE {IsAbandoned})::int AS abandoned,
        count(*) FILTER (WHERE {IsShortAbandon})::int AS short_abandoned,
        count(*) FILTER (WHERE {WithinServiceLevel})::int AS within_service_level,
        COALESCE(sum({SecondsToAnswer}) FILTER (WHERE {IsAnswered}), 0)::float8 AS answer_seconds,
        count({HandleSeconds})::int AS handled,
        COALESCE(sum({HandleSeconds}), 0)::float8 AS handle_seconds
        """;
}

/// <summary>The sums of a set of calls (a report row, today), from which the figures follow.</summary>
public sealed record CallSums(
    int Offered, int Answered, int Abandoned, int ShortAbandoned, int WithinServiceLevel, double AnswerSeconds, int Handled, double HandleSeconds)
{
    public static readonly CallSums Zero = new(0, 0, 0, 0, 0, 0, 0, 0);

    public CallSums Plus(CallSums other) => new(
        Offered + other.Offered, Answered + other.Answered, Abandoned + other.Abandoned, ShortAbandoned + other.ShortAbandoned,
        WithinServiceLevel + other.WithinServiceLevel, AnswerSeconds + other.AnswerSeconds, Handled + other.Handled, HandleSeconds + other.HandleSeconds);

    public CallSums Minus(CallSums other) => new(
        Offered - other.Offered, Answered - other.Answered, Abandoned - other.Abandoned, ShortAbandoned - other.ShortAbandoned,
        WithinServiceLevel - other.WithinServiceLevel, AnswerSeconds - other.AnswerSeconds, Handled - other.Handled, HandleSeconds - other.HandleSeconds);

    /// <summary>Calls that reached an answer or a real abandon: the service level's denominator.</summary>
    public int ServiceLevelBase => Answered + Abandoned - ShortAbandoned;

    public int AbandonRateBase => Offered - ShortAbandoned;

    /// <param name="minimum">The smallest denominator a rate is shown for (1, or 5 under small-count suppression).</param>
    public double? ServiceLevelPercent(int minimum) => Ratio(WithinServiceLevel * 100.0, ServiceLevelBase, minimum);

    public double? AbandonRatePercent(int minimum) => Ratio((Abandoned - ShortAbandoned) * 100.0, AbandonRateBase, minimum);

    public double? AverageSpeedOfAnswerSeconds(int minimum) => Ratio(AnswerSeconds, Answered, minimum);

    public double? AverageHandleTimeSeconds(int minimum) => Ratio(HandleSeconds, Handled, minimum);

    public DayFigures ToDayFigures() => new(
        Offered, Answered, Abandoned, ShortAbandoned, ServiceLevelPercent(1), AverageSpeedOfAnswerSeconds(1), AbandonRatePercent(1),
        AverageHandleTimeSeconds(1));

    private static double? Ratio(double numerator, int denominator, int minimum) =>
        denominator < Math.Max(1, minimum) ? null : Math.Round(numerator / denominator, 1);
}
