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
    /// stale connection.
    /// </summary>
    [Range(1, 100, ErrorMessage = "Console:MaxConnectionsPerUser must be between 1 and 100.")]
    public int MaxConnectionsPerUser { get; set; } = 5;

    /// <summary>How often the dispatcher looks at the queue when nothing woke it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:10", ErrorMessage = "Console:DispatchInterval must be between 00:00:00.100 and 00:00:10.")]
    public TimeSpan DispatchInterval { get; set; } = TimeSpan.FromSeconds(1);
}
