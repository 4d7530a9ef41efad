using System.Net;
using System.Text.Json;
using Hotline.Server.Audit;
using Hotline.Server.Data;
using Hotline.Server.LiveConsole;
using Hotline.Server.Triage;
using Hotline.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.IntegrationTests.Triage;

/// <summary>An immediate danger stays on every supervisor's banner, across reconnections, until one of them takes it in charge.</summary>
public sealed class DangerAlertTests(TriageApp app) : IClassFixture<TriageApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_danger_alert_is_in_every_supervisor_snapshot_until_one_takes_it_in_charge_then_it_is_gone_for_all_and_audited()
    {
        await using var watching = await ConsoleClient.ConnectAsync(app, "supervisor1");
        await watching.WaitForAsync<ConsoleSnapshot>("Snapshot");
        using var counsellor = await app.SignInAsync("counsellor1");
        var callId = await app.CallHeldByAsync("counsellor1", "84000");

        using var saved = await counsellor.PutTriageAsync(callId, TriageHelpers.Request(
            urgency: "immediate-danger", communeCode: "84007", emergency: EmergencyServicesConfirmation.CallerAdvised));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var raised = await watching.WaitForAsync<DangerAlertView>("DangerAlertRaised", a => a.CallId == callId);

        // A console that connects later (a reload, a new sign-in) finds it in its snapshot; a counsellor's snapshot has none.
        await using var later = await ConsoleClient.ConnectAsync(app, "supervisor1");
        var snapshot = await later.WaitForAsync<ConsoleSnapshot>("Snapshot");
        var listed = Assert.Single(snapshot.DangerAlerts!, a => a.CallId == callId);
        // The same alert (the database keeps microseconds: the pushed time may carry a few more ticks).
        Assert.Equal(raised with { RaisedAt = listed.RaisedAt }, listed);
        Assert.True((raised.RaisedAt - listed.RaisedAt).Duration() < TimeSpan.FromMilliseconds(1));
        Assert.Equal("Écoutant·e 1", listed.CounsellorName);
        Assert.Equal("Vaucluse", listed.DepartementName);
        Assert.Equal(EmergencyServicesConfirmation.CallerAdvised, listed.EmergencyServices);
        await using var counsellorConsole = await ConsoleClient.ConnectAsync(app, "counsellor2");
        Assert.Null((await counsellorConsole.WaitForAsync<ConsoleSnapshot>("Snapshot")).DangerAlerts);

        // A counsellor may not take it in charge.
        using var refused = await counsellor.PostAsync($"/api/danger-alerts/{raised.Id}/take-charge", null, Cancel);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        using var supervisor = await app.SignInAsync("supervisor1");
        using var taken = await supervisor.PostAsync($"/api/danger-alerts/{raised.Id}/take-charge", null, Cancel);
        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        var answer = await taken.ReadAsync<DangerAlertTakenInCharge>();
        Assert.Equal("Superviseur·e 1", answer.ByName);

        // Gone live for every supervisor console, and from the next snapshot.
        Assert.Equal(raised.Id, (await watching.WaitForAsync<DangerAlertTakenInCharge>("DangerAlertTakenInCharge", t => t.AlertId == raised.Id)).AlertId);
        await later.WaitForAsync<DangerAlertTakenInCharge>("DangerAlertTakenInCharge", t => t.AlertId == raised.Id);
        Assert.DoesNotContain((await later.SnapshotAsync()).DangerAlerts!, a => a.Id == raised.Id);

        // Who and when: in the row and in the audit trail.
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        var supervisorId = await db.Users.Where(u => u.UserName == "supervisor1").Select(u => u.Id).SingleAsync(Cancel);
        var stored = await db.DangerAlerts.AsNoTracking().SingleAsync(a => a.Id == raised.Id, Cancel);
        Assert.Equal(supervisorId, stored.TakenInChargeBy);
        Assert.Equal(answer.At, stored.TakenInChargeAt);
        Assert.True(await db.AuditEntries.AnyAsync(e => e.EntityType == DangerAlerts.AuditEntity && e.EntityId == raised.Id.ToString()
            && e.Action == AuditAction.Update && e.Outcome == AuditOutcome.Allowed && e.UserId == supervisorId, Cancel));

        // A second "J'ai pris en charge" (another supervisor a second later) is told who already has it: 409, not a silent success.
        using var again = await supervisor.PostAsync($"/api/danger-alerts/{raised.Id}/take-charge", null, Cancel);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        using var problem = JsonDocument.Parse(await again.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(DangerAlerts.AlreadyTakenCode, problem.RootElement.GetProperty("code").GetString());
        Assert.Equal("Superviseur·e 1", problem.RootElement.GetProperty("takenInChargeBy").GetString());
        Assert.Single(watching.Events, e => e.Payload is DangerAlertTakenInCharge t && t.AlertId == raised.Id);

        using var unknown = await supervisor.PostAsync($"/api/danger-alerts/{Guid.NewGuid()}/take-charge", null, Cancel);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var unknownProblem = JsonDocument.Parse(await unknown.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(DangerAlerts.NotFoundCode, unknownProblem.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Several_open_alerts_are_listed_oldest_first()
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        var first = await app.CallHeldByAsync("counsellor1", "13150");
        var second = await app.CallHeldByAsync("counsellor1", "84000");
        foreach (var callId in new[] { first, second })
        {
            using var saved = await counsellor.PutTriageAsync(callId, TriageHelpers.Request(
                urgency: "immediate-danger", emergency: EmergencyServicesConfirmation.LineContacted));
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        await using var supervisor = await ConsoleClient.ConnectAsync(app, "supervisor1");
        var alerts = (await supervisor.WaitForAsync<ConsoleSnapshot>("Snapshot")).DangerAlerts!
            .Where(a => a.CallId == first || a.CallId == second).ToList();
        Assert.Equal([first, second], alerts.Select(a => a.CallId));
        // No commune chosen: the call's département (13150 is in the Bouches-du-Rhône).
        Assert.Equal("13", alerts[0].DepartementCode);
    }
}
