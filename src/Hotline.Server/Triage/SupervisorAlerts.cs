namespace Hotline.Server.Triage;

/// <summary>A one-off message to supervisors (a toast). Immediate danger is not one: it is a <see cref="DangerAlert"/>, kept until taken in charge.</summary>
public enum SupervisorAlertKind
{
    /// <summary>A referral was not acknowledged by its deadline.</summary>
    ReferralOverdue,
    /// <summary>Web messages started being held for review (too many open at once): the first one held.</summary>
    WebMessagesHeld,
    /// <summary>A referral is still open <c>Referrals:MaxOpen</c> after it was sent.</summary>
    ReferralOpenTooLong,
}

/// <summary>Something a supervisor must see at once. Ids and codes only: no summary, no caller detail.</summary>
public sealed record SupervisorAlert(
    SupervisorAlertKind Kind,
    Guid CallId,
    Guid? ReferralId,
    string? DepartementCode,
    DateTimeOffset At);

/// <summary>
/// Alerts supervisors at once. Raised by the triage (immediate danger), by referrals (overdue) and by the contact channel (messages held), declared
/// here, the lower of the two; implemented by the live console, so that neither depends on it.
/// </summary>
public interface ISupervisorAlerts
{
    Task SupervisorAlertAsync(SupervisorAlert alert);

    /// <summary>An immediate danger was recorded: every supervisor's banner shows it until one takes it in charge.</summary>
    Task DangerAlertRaisedAsync(DangerAlertView alert);

    /// <summary>A supervisor took a danger alert in charge: it leaves every supervisor's banner.</summary>
    Task DangerAlertTakenInChargeAsync(DangerAlertTakenInCharge taken);
}
