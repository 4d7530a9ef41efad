namespace Hotline.Server.Triage;

public enum SupervisorAlertKind
{
    /// <summary>A counsellor recorded an immediate danger (with the 17/112 confirmation).</summary>
    ImmediateDanger,
    /// <summary>A referral was not acknowledged by its deadline.</summary>
    ReferralOverdue,
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
/// Alerts supervisors at once. Raised by the triage (immediate danger) and by referrals (overdue), declared
/// here, the lower of the two; implemented by the live console, so that neither depends on it.
/// </summary>
public interface ISupervisorAlerts
{
    Task SupervisorAlertAsync(SupervisorAlert alert);
}
