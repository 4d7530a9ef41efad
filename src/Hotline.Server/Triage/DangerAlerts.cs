using Hotline.Server.Calls;
using Hotline.Server.Data;
using Hotline.Server.Geography;
using Hotline.Server.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Server.Triage;

/// <summary>
/// The immediate-danger alerts supervisors must acknowledge: raised with the triage that records the danger, listed in
/// the supervisors' snapshot, and taken in charge by one supervisor for all of them. The only code that writes them.
/// </summary>
public sealed class DangerAlerts(HotlineDbContext db, TimeProvider time, GeographyCatalog geography, ISupervisorAlerts alerts)
{
    /// <summary>Audit entity of a taken-in-charge alert (the id is the alert's).</summary>
    public const string AuditEntity = "DangerAlert";

    public const string NotFoundCode = "danger-alert-not-found";
    public const string AlreadyTakenCode = "danger-alert-already-taken";

    /// <summary>Adds the alert to the triage's unit of work: it exists if and only if the triage that records the danger is saved.</summary>
    public DangerAlert Raise(Call call, CallTriage triage, Guid counsellorId, DateTimeOffset now)
    {
        var alert = new DangerAlert
        {
            CallId = call.Id,
            RaisedAt = now,
            RaisedBy = counsellorId,
            DepartementCode = triage.ConcernedDepartementCode ?? call.DepartementCode,
            EmergencyServices = triage.EmergencyServices,
        };
        db.DangerAlerts.Add(alert);
        return alert;
    }

    /// <summary>After the commit: every supervisor's console shows the banner.</summary>
    public async Task AnnounceAsync(DangerAlert alert, Call call, CancellationToken cancellationToken) =>
        await alerts.DangerAlertRaisedAsync(View(alert, call.ReceivedAt, await DisplayNameAsync(alert.RaisedBy, cancellationToken)));

    /// <summary>The alerts nobody has taken in charge yet, oldest first (the banners stack in that order).</summary>
    public async Task<IReadOnlyList<DangerAlertView>> OpenAsync(CancellationToken cancellationToken)
    {
        var open = await (
            from alert in db.DangerAlerts.AsNoTracking()
            where alert.TakenInChargeAt == null
            join call in db.Calls on alert.CallId equals call.Id
            join user in db.Users on alert.RaisedBy equals user.Id into users
            from user in users.DefaultIfEmpty()
            orderby alert.RaisedAt
            select new { alert, call.ReceivedAt, Name = user == null ? null : user.DisplayName })
            .ToListAsync(cancellationToken);
        return [.. open.Select(o => View(o.alert, o.ReceivedAt, o.Name))];
    }

    /// <summary>
    /// "J’ai pris en charge": the first supervisor wins (a conditional update, so two at once cannot both); a second one
    /// is told who took it and when (409) rather than told it worked, because taking charge is a claim of responsibility.
    /// </summary>
    public async Task<ServiceResult<DangerAlertTakenInCharge>> TakeInChargeAsync(Guid alertId, Guid supervisorId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var taken = await db.DangerAlerts.Where(a => a.Id == alertId && a.TakenInChargeAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.TakenInChargeAt, now).SetProperty(a => a.TakenInChargeBy, supervisorId), cancellationToken);
        var alert = await db.DangerAlerts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == alertId, cancellationToken);
        if (alert is null)
        {
            return new ServiceProblem(ProblemKind.NotFound, "Cette alerte n’existe pas.", Extensions: new Dictionary<string, object?> { ["code"] = NotFoundCode });
        }

        var byName = alert.TakenInChargeBy is { } by ? await DisplayNameAsync(by, cancellationToken) : null;
        if (taken == 0)
        {
            return new ServiceProblem(ProblemKind.Conflict,
                $"Cette alerte a déjà été prise en charge par {byName ?? "un·e autre superviseur·e"}.",
                Extensions: new Dictionary<string, object?>
                {
                    ["code"] = AlreadyTakenCode,
                    ["takenInChargeBy"] = byName,
                    ["takenInChargeAt"] = alert.TakenInChargeAt,
                });
        }

        // The stored time (PostgreSQL keeps microseconds), so the answer, the push and the row agree.
        var result = new DangerAlertTakenInCharge(alert.Id, alert.CallId, byName, alert.TakenInChargeAt!.Value);
        await alerts.DangerAlertTakenInChargeAsync(result);
        return ServiceResult.Ok(result);
    }

    private DangerAlertView View(DangerAlert alert, DateTimeOffset callReceivedAt, string? counsellorName) => new(
        alert.Id,
        alert.CallId,
        callReceivedAt,
        counsellorName,
        alert.DepartementCode,
        geography.FindDepartement(alert.DepartementCode)?.Name,
        alert.EmergencyServices,
        alert.RaisedAt);

    private async Task<string?> DisplayNameAsync(Guid userId, CancellationToken cancellationToken) =>
        await db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken);
}
