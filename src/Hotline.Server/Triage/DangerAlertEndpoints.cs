using System.Security.Claims;
using Hotline.Server.Audit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hotline.Server.Triage;

/// <summary>Supervisors: <c>POST /api/danger-alerts/{alertId}/take-charge</c> ("J’ai pris en charge").</summary>
internal static class DangerAlertEndpoints
{
    public static async Task<Results<Ok<DangerAlertTakenInCharge>, ProblemHttpResult>> TakeCharge(
        Guid alertId, ClaimsPrincipal user, DangerAlerts dangerAlerts, AuditLog audit, CancellationToken cancellationToken)
    {
        var result = await dangerAlerts.TakeInChargeAsync(alertId, TriageEndpoints.UserId(user), cancellationToken);
        if (result.Value is not { } taken)
        {
            return result.Problem!.ToProblem();
        }

        // Who took it in charge and when: in the row (takenInChargeBy/At) and in the audit trail.
        await audit.RecordAsync(AuditAction.Update, DangerAlerts.AuditEntity, alertId.ToString(), cancellationToken: cancellationToken);
        return TypedResults.Ok(taken);
    }
}
