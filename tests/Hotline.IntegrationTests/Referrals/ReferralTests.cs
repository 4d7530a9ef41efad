using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hotline.IntegrationTests.Triage;
using Hotline.Server.Audit;
using Hotline.Server.Data;
using Hotline.Server.ServiceDirectory;
using Hotline.Server.Referrals;
using Hotline.Server.Triage;
using Hotline.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.IntegrationTests.Referrals;

/// <summary>Sending from a triage, the commune cell's minimal view, redirections, notes.</summary>
public sealed class ReferralTests(ReferralApp app) : IClassFixture<ReferralApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_counsellor_sees_the_routing_and_its_reason_then_sends_to_the_commune_cell_with_purpose_and_legal_basis()
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        var callId = await app.TriagedCallAsync(counsellor, TriageOutcome.ReferToCommuneCell, "13108");

        var routing = await counsellor.RoutingAsync(callId);
        Assert.Equal(RoutingOutcome.Routed, routing.Decision.Outcome);
        Assert.Equal(RoutingReasonCode.CommuneCell, routing.Decision.ReasonCode);
        Assert.Equal("CMER de Tarascon", routing.Decision.Service!.Name);
        Assert.Contains("Tarascon (13108)", routing.Decision.Reason, StringComparison.Ordinal);
        Assert.True(routing.CanSend);
        Assert.True(routing.RequiresTransferBasis);
        Assert.NotEmpty(routing.Purposes);
        Assert.Null(routing.Sent);
        var cell = routing.Decision.Service.Id;

        // A commune cell includes intelligence services: no purpose or legal basis, nothing sent.
        using (var missing = await counsellor.PostAsJsonAsync($"/api/calls/{callId}/referral", new SendReferralRequest(cell, null, "made-up"), TriageHelpers.Json, Cancel))
        {
            Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
            var errors = JsonDocument.Parse(await missing.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("errors");
            Assert.True(errors.TryGetProperty("purpose", out _));
            Assert.True(errors.TryGetProperty("legalBasis", out _));
        }

        // The family's consent is not a legal basis of a transfer (it decides which details pass): not offered, refused.
        Assert.DoesNotContain(routing.LegalBases, b => b.Code.Contains("consent", StringComparison.Ordinal));
        using (var consentBasis = await counsellor.PostAsJsonAsync($"/api/calls/{callId}/referral",
            new SendReferralRequest(cell, routing.Purposes[0].Code, "consentement-famille"), TriageHelpers.Json, Cancel))
        {
            Assert.Equal(HttpStatusCode.BadRequest, consentBasis.StatusCode);
        }

        // A decision the counsellor was not shown is not sent.
        using (var other = await counsellor.PostAsJsonAsync($"/api/calls/{callId}/referral",
            new SendReferralRequest(Guid.NewGuid(), routing.Purposes[0].Code, ReferralHelpers.CharterBasis), TriageHelpers.Json, Cancel))
        {
            Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        }

        var request = new SendReferralRequest(cell, routing.Purposes[0].Code, ReferralHelpers.CharterBasis);
        using var sent = await counsellor.PostAsJsonAsync($"/api/calls/{callId}/referral", request, TriageHelpers.Json, Cancel);
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        var receipt = await sent.ReadAsync<ReferralReceipt>();
        Assert.Equal($"/api/referrals/{receipt.Referral.Id}", sent.Headers.Location?.OriginalString);
        Assert.Equal(ReferralState.Sent, receipt.Referral.State);
        Assert.Equal("Tarascon", receipt.Referral.CommuneName);
        Assert.Equal(routing.Purposes[0].Code, receipt.Purpose!.Code);

        // A double click: the same referral, 200, nothing new.
        using var again = await counsellor.PostAsJsonAsync($"/api/calls/{callId}/referral", request, TriageHelpers.Json, Cancel);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(receipt.Referral.Id, (await again.ReadAsync<ReferralReceipt>()).Referral.Id);
        Assert.Equal(receipt.Referral.Id, (await counsellor.RoutingAsync(callId)).Sent!.Referral.Id);

        var stored = await app.StoredReferralAsync(receipt.Referral.Id);
        Assert.Equal(ServiceKind.CommuneCell, stored.ServiceKind);
        Assert.Equal("13", stored.DepartementCode);
        Assert.Equal("13108", stored.CellCommuneCode);
        Assert.Equal(RoutingReasonCode.CommuneCell, stored.ReasonCode);
        Assert.Equal(routing.Decision.Reason, stored.RoutingReason);
        Assert.Equal(ReferralHelpers.CharterBasis, stored.LegalBasisCode);
        Assert.StartsWith("Charte signée par le préfet, le maire et le procureur", stored.LegalBasisLabel, StringComparison.Ordinal);
        Assert.Single(stored.Events);
    }

    [Fact]
    public async Task Concurrent_sends_of_one_triage_make_one_referral()
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        var callId = await app.TriagedCallAsync(counsellor, TriageOutcome.ReferToDepartementalCell, "84007", postalCode: "84000");
        var routing = await counsellor.RoutingAsync(callId);

        var sends = Enumerable.Range(0, 8).Select(async _ =>
        {
            using var response = await counsellor.PostAsJsonAsync($"/api/calls/{callId}/referral",
                new SendReferralRequest(routing.Decision.Service!.Id, routing.Purposes[0].Code, routing.LegalBases[0].Code), TriageHelpers.Json, Cancel);
            return (response.StatusCode, (await response.ReadAsync<ReferralReceipt>()).Referral.Id);
        });
        var results = await Task.WhenAll(sends);

        Assert.Single(results.Select(r => r.Id).Distinct());
        Assert.Single(results, r => r.StatusCode == HttpStatusCode.Created);
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        Assert.Equal(1, await db.Referrals.CountAsync(r => r.CallId == callId, Cancel));
    }

    [Fact]
    public async Task Nothing_is_sent_without_a_triage_or_when_its_outcome_refers_nowhere()
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        var untriaged = await app.CallHeldByAsync("counsellor1");
        using (var response = await counsellor.GetAsync($"/api/calls/{untriaged}/routing", Cancel))
        {
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        }

        var advised = await app.TriagedCallAsync(counsellor, TriageOutcome.AdviceGiven, "13108");
        var routing = await counsellor.RoutingAsync(advised);
        Assert.Equal(RoutingOutcome.NoReferral, routing.Decision.Outcome);
        Assert.False(routing.CanSend);
        using var send = await counsellor.PostAsJsonAsync($"/api/calls/{advised}/referral", new SendReferralRequest(Guid.NewGuid(), null, null), TriageHelpers.Json, Cancel);
        Assert.Equal(HttpStatusCode.Conflict, send.StatusCode);
        Assert.Equal("application/problem+json", send.Content.Headers.ContentType?.MediaType);

        // Another counsellor may not send the call's triage.
        using var other = await app.SignInAsync("counsellor2");
        using var forbidden = await other.PostAsJsonAsync($"/api/calls/{advised}/referral", new SendReferralRequest(Guid.NewGuid(), null, null), TriageHelpers.Json, Cancel);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    [Fact]
    public async Task Without_consent_the_commune_cell_and_the_overseeing_coordinator_see_no_summary_or_caller_details()
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        const string summary = "Le fils de la famille Martin fréquente un réseau";
        var receipt = await app.NewReferralAsync(counsellor, "13108", TriageOutcome.ReferToCommuneCell, summary: summary, consent: false);
        var id = receipt.Referral.Id;

        using var cell = await app.SignInAsync("cmer-tarascon");
        using (var raw = await cell.GetAsync($"/api/referrals/{id}", Cancel))
        {
            var body = await raw.Content.ReadAsStringAsync(Cancel);
            Assert.Equal(HttpStatusCode.OK, raw.StatusCode);
            Assert.DoesNotContain("Martin", body, StringComparison.Ordinal);
            Assert.DoesNotContain("Mother", body, StringComparison.Ordinal);
            Assert.DoesNotContain("family-break", body, StringComparison.Ordinal);
        }

        var cellView = await cell.DetailAsync(id);
        Assert.False(cellView.DetailsShared);
        Assert.Null(cellView.Situation);
        Assert.Equal("Tarascon", cellView.Referral.CommuneName);
        Assert.NotNull(cellView.Purpose);
        Assert.Contains(ReferralAction.Acknowledge, cellView.AllowedActions);

        // Coordinators of 13 oversee their département's commune cells: same minimal view, redirect and notes only.
        using var coordinator = await app.SignInAsync("coordinator13");
        var overseen = await coordinator.DetailAsync(id);
        Assert.Null(overseen.Situation);
        Assert.Equal([ReferralAction.Redirect, ReferralAction.AddNote], overseen.AllowedActions);
        using (var acknowledge = await coordinator.ActAsync(id, "acknowledge"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, acknowledge.StatusCode);
        }

        // Supervisors read the referral as it was sent too (the line's own account is the call's triage).
        using var supervisor = await app.SignInAsync("supervisor1");
        Assert.Null((await supervisor.DetailAsync(id)).Situation);

        // With the family's consent, the cell gets the details.
        var consented = await app.NewReferralAsync(counsellor, "13108", TriageOutcome.ReferToCommuneCell, summary: summary, consent: true);
        var shared = await cell.DetailAsync(consented.Referral.Id);
        Assert.True(shared.DetailsShared);
        Assert.Equal(summary, shared.Situation!.Summary);
        Assert.Equal(CallerRelation.Mother, shared.Situation.CallerRelation);
        Assert.Equal(["family-break", "withdrawal"], shared.Situation.WarningSigns);
    }

    [Fact]
    public async Task A_commune_cell_never_sees_what_went_to_the_departemental_cell_even_in_its_commune()
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        var departemental = await app.NewReferralAsync(counsellor, "13108", TriageOutcome.ReferToDepartementalCell);

        using var cell = await app.SignInAsync("cmer-tarascon");
        using var read = await cell.GetAsync($"/api/referrals/{departemental.Referral.Id}", Cancel);
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.DoesNotContain((await cell.InboxAsync()).Items, r => r.Id == departemental.Referral.Id);
    }

    [Fact]
    public async Task Notes_are_encrypted_at_rest_shown_in_the_detail_and_never_logged()
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        var receipt = await app.NewReferralAsync(counsellor, "13108");
        using var coordinator = await app.SignInAsync("coordinator13");
        const string note = "Rendez-vous pris avec la mère jeudi";

        using var added = await coordinator.ActAsync(receipt.Referral.Id, "notes", new NoteRequest(note));
        var detail = await added.ReadAsync<ReferralDetail>();

        var shown = Assert.Single(detail.Notes);
        Assert.Equal(note, shown.Text);
        Assert.Equal("Coordination Bouches-du-Rhône", shown.Author);
        var stored = Assert.Single((await app.StoredReferralAsync(receipt.Referral.Id)).Notes);
        Assert.DoesNotContain("jeudi", stored.ProtectedText, StringComparison.Ordinal);
        Assert.DoesNotContain(app.Logs, line => line.Contains("jeudi", StringComparison.Ordinal));
        using var empty = await coordinator.ActAsync(receipt.Referral.Id, "notes", new NoteRequest("  "));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
    }

    [Fact]
    public async Task A_commune_cell_redirects_to_the_departemental_cell_with_a_reason_and_the_follow_on_referral_arrives_live()
    {
        await using var coordinatorHub = await ConsoleClient.ConnectAsync(app, "coordinator13");
        await using var cellHub = await ConsoleClient.ConnectAsync(app, "cmer-tarascon");
        await coordinatorHub.WaitForAsync<Hotline.Server.LiveConsole.ConsoleSnapshot>("Snapshot");
        await cellHub.WaitForAsync<Hotline.Server.LiveConsole.ConsoleSnapshot>("Snapshot");
        using var counsellor = await app.SignInAsync("counsellor1");
        var receipt = await app.NewReferralAsync(counsellor, "13108", TriageOutcome.ReferToCommuneCell);
        var id = receipt.Referral.Id;
        await cellHub.WaitForAsync<ReferralCard>("ReferralCreated", c => c.Id == id);
        await coordinatorHub.WaitForAsync<ReferralCard>("ReferralCreated", c => c.Id == id);

        using var cell = await app.SignInAsync("cmer-tarascon");
        using var supervisor = await app.SignInAsync("supervisor1");
        // The departmental cell of 13 from the directory's routing (not from another test's referral: tests run in any order).
        using var routed = await supervisor.PostAsJsonAsync("/api/directory/routing",
            new RoutingQuery(RoutingIntent.ReferToDepartementalCell, null, "13", null), TriageHelpers.Json, Cancel);
        var departementalCell = (await routed.ReadAsync<RoutingDecision>()).Service!.Id;
        using (var noReason = await cell.ActAsync(id, "redirect", new RedirectRequest(departementalCell, " ", ReferralHelpers.FamilySupport, ReferralHelpers.PrefectMission)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        }

        const string reason = "Situation familiale, pas de notre ressort";
        using var redirected = await cell.ActAsync(id, "redirect", new RedirectRequest(departementalCell, reason, ReferralHelpers.FamilySupport, ReferralHelpers.PrefectMission));
        var original = await redirected.ReadAsync<ReferralDetail>();

        Assert.Equal(ReferralState.Redirected, original.Referral.State);
        var followOnId = original.Referral.RedirectedToId!.Value;
        Assert.Equal(reason, original.History[^1].Reason);
        Assert.Equal(followOnId, original.History[^1].RelatedReferralId);
        Assert.Equal([ReferralAction.AddNote], original.AllowedActions);

        // The coordinator gets the follow-on live; the cell sees its own referral change, not the follow-on.
        var arrived = await coordinatorHub.WaitForAsync<ReferralCard>("ReferralCreated", c => c.Id == followOnId);
        Assert.Equal(ReferralState.Sent, arrived.State);
        Assert.Equal(id, arrived.PreviousReferralId);
        await cellHub.WaitForAsync<ReferralCard>("ReferralChanged", c => c.Id == id && c.State == ReferralState.Redirected);
        Assert.DoesNotContain(cellHub.Events, e => e.Payload is ReferralCard card && card.Id == followOnId);
        using (var hidden = await cell.GetAsync($"/api/referrals/{followOnId}", Cancel))
        {
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        }

        using var coordinator = await app.SignInAsync("coordinator13");
        var followOn = await coordinator.DetailAsync(followOnId);
        Assert.Equal(ServiceKind.DepartementalCell, followOn.Referral.ServiceKind);
        Assert.Equal("13108", followOn.Referral.CommuneCode);
        Assert.Null(followOn.ReasonCode);
        Assert.Contains("CMER de Tarascon", followOn.RoutingReason, StringComparison.Ordinal);
        Assert.Equal(reason, followOn.History[0].Reason);
        // The family did not agree to share their account with the cell: the follow-on carries no more (never widened).
        Assert.False(followOn.DetailsShared);

        // Redirected is final.
        using var again = await cell.ActAsync(id, "acknowledge");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Reading_a_referral_writes_exactly_one_audit_entry_and_a_read_outside_the_territory_is_audited_as_denied()
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        var receipt = await app.NewReferralAsync(counsellor, "13108");
        var id = receipt.Referral.Id.ToString();
        using var coordinator13 = await app.SignInAsync("coordinator13");
        using var coordinator84 = await app.SignInAsync("coordinator84");

        await coordinator13.DetailAsync(receipt.Referral.Id);
        using (await coordinator84.GetAsync($"/api/referrals/{id}", Cancel))
        {
        }

        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        var reads = await db.AuditEntries.AsNoTracking()
            .Where(e => e.EntityType == ReferralReader.AuditEntity && e.EntityId == id && e.Action == AuditAction.Read)
            .Join(db.Users, e => e.UserId, u => u.Id, (e, u) => new { u.UserName, e.Outcome })
            .ToListAsync(Cancel);
        Assert.Single(reads, r => r.UserName == "coordinator13" && r.Outcome == AuditOutcome.Allowed);
        Assert.Single(reads, r => r.UserName == "coordinator84" && r.Outcome == AuditOutcome.Denied);
    }

    [Fact]
    public async Task Reading_the_inbox_is_audited_as_a_list_read()
    {
        using var coordinator13 = await app.SignInAsync("coordinator13");
        await coordinator13.InboxAsync("?overdue=true");

        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        var userId = await db.Users.Where(u => u.UserName == "coordinator13").Select(u => u.Id).SingleAsync(Cancel);
        var entry = await db.AuditEntries.AsNoTracking()
            .Where(e => e.UserId == userId && e.Action == AuditAction.List).OrderByDescending(e => e.Id).FirstAsync(Cancel);
        Assert.Equal(ReferralReader.AuditEntity, entry.EntityType);
        Assert.Equal("*", entry.EntityId);
    }

    [Theory]
    [InlineData("counsellor1", HttpStatusCode.Forbidden)]
    [InlineData("admin", HttpStatusCode.Forbidden)]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    public async Task Counsellors_and_admins_have_no_inbox(string? userName, HttpStatusCode expected)
    {
        using var client = userName is null ? app.CreateApiClient() : await app.SignInAsync(userName);
        using var response = await client.GetAsync("/api/referrals", Cancel);
        Assert.Equal(expected, response.StatusCode);
    }
}
