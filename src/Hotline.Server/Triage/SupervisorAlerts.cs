namespace Hotline.Server.Triage;

public enum SupervisorAlertKind
{
    /// <summary>A counsellor recorded an immediate danger (with the 17/112 confirmation).</summary>
    ImmediateDanger,
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
    string? CounsellorName,
    string? DepartementCode,
    EmergencyServicesConfirmation? EmergencyServices,
    DateTimeOffset At);

/// <summary>
/// Alerts supervisors at once. Raised by the triage (immediate danger), by referrals (overdue) and by the contact channel (messages held), declared
/// here, the lower of the two; implemented by the live console, so that neither depends on it.
/// </summary>
public interface ISupervisorAlerts
{
    Task SupervisorAlertAsync(SupervisorAlert alert);
}
