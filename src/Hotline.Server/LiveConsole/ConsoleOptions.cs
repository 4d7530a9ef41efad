using System.ComponentModel.DataAnnotations;

namespace Hotline.Server.LiveConsole;

/// <summary>Section <c>Console</c>: how calls are offered to counsellors.</summary>
public sealed class ConsoleOptions
{
    public const string Section = "Console";

    [Range(typeof(TimeSpan), "00:00:05", "00:02:00", ErrorMessage = "Console:OfferTimeout must be between 00:00:05 and 00:02:00.")]
    public TimeSpan OfferTimeout { get; set; } = TimeSpan.FromSeconds(20);

    [Range(typeof(TimeSpan), "00:00:00", "00:30:00", ErrorMessage = "Console:WrapUp must be between 00:00:00 and 00:30:00.")]
    public TimeSpan WrapUp { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a counsellor may have no console open (a reload, a network blip) before going Offline.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "00:10:00", ErrorMessage = "Console:OfflineGrace must be between 00:00:05 and 00:10:00.")]
    public TimeSpan OfflineGrace { get; set; } = TimeSpan.FromSeconds(30);

    [Range(1, 10, ErrorMessage = "Console:MissedOffersBeforeBreak must be between 1 and 10.")]
    public int MissedOffersBeforeBreak { get; set; } = 2;

    /// <summary>
    /// Console connections one user may hold on one server instance (tabs, a reconnecting console). A new
    /// connection beyond it closes the user's oldest one rather than being refused: the newest is the one the
    /// person is looking at, and a console reconnecting after a network cut must not be locked out by its own
    /// stale connection. Up to 1,000: bench-console connects its hundreds of consoles as one account.
    /// </summary>
    [Range(1, 1000, ErrorMessage = "Console:MaxConnectionsPerUser must be between 1 and 1000.")]
    public int MaxConnectionsPerUser { get; set; } = 5;

    /// <summary>
    /// When nobody else is Available, how long after a decline or a missed offer the same counsellor is offered the
    /// same call again (otherwise a counsellor who passed is skipped for two minutes, in favour of the others).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:02:00", ErrorMessage = "Console:ReofferDelay must be between 00:00:01 and 00:02:00.")]
    public TimeSpan ReofferDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A call waiting this long while no counsellor is Available raises an alert to supervisors.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00", ErrorMessage = "Console:WaitAlert must be between 00:00:10 and 01:00:00.")]
    public TimeSpan WaitAlert { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>After declining an offer, the counsellor gets no new offer for this long (a breath, not a barrage).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ErrorMessage = "Console:DeclineGrace must be between 00:00:00 and 00:01:00.")]
    public TimeSpan DeclineGrace { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Whether opening the console makes a counsellor Available at once; by default they start in Pause and choose.</summary>
    public bool AvailableOnSignIn { get; set; }

    /// <summary>
    /// How often each instance marks its console connections alive. Three missed beats and they are taken for an
    /// instance that died: shorter than <see cref="OfferTimeout"/>, so an offer made meanwhile to its counsellors is
    /// withdrawn and passed on before it would expire unseen.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00", ErrorMessage = "Console:HeartbeatInterval must be between 00:00:01 and 00:01:00.")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>Three missed heartbeats.</summary>
    public TimeSpan HeartbeatExpiry => 3 * HeartbeatInterval;

    /// <summary>How often the dispatcher looks at the queue when nothing woke it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:10", ErrorMessage = "Console:DispatchInterval must be between 00:00:00.100 and 00:00:10.")]
    public TimeSpan DispatchInterval { get; set; } = TimeSpan.FromSeconds(1);
}
