using System.Net;
using System.Text.Json;
using Hotline.IntegrationTests.Triage;
using Hotline.Server.LiveConsole;
using Hotline.Server.Referrals;
using Hotline.Testing;

namespace Hotline.IntegrationTests.Referrals;

/// <summary>
/// Closing needs a reason (the ones practitioners use); the line gets its feedback — state and closing reason, on the
/// call and in "Mes appels" — and never the receiving service's notes.
/// </summary>
public sealed class ClosingTests(ReferralApp app) : IClassFixture<ReferralApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> Refused => new()
    {
        { """{}""", "reason" },
        { """{"reason":"Other"}""", "other" },
        { """{"reason":"Other","other":"  "}""", "other" },
        { """{"reason":"Moved","movedToDepartement":"20"}""", "movedToDepartement" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Closing_without_a_reason_is_refused(string body, string field)
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        var referral = (await app.NewReferralAsync(counsellor, "13004")).Referral;
        using var coordinator = await app.SignInAsync("coordinator13");
        foreach (var step in new[] { "acknowledge", "follow-up" })
        {
            using var moved = await coordinator.ActAsync(referral.Id, step);
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        }

        using var refused = await coordinator.PostAsync($"/api/referrals/{referral.Id}/close",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True(JsonDocument.Parse(await refused.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal(ReferralState.InFollowUp, (await app.StoredReferralAsync(referral.Id)).State);
    }

    [Fact]
    public async Task The_counsellor_sees_what_became_of_the_referral_after_a_redirection_and_its_closing_but_no_note()
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        var callId = await app.TriagedCallAsync(counsellor, Hotline.Server.Triage.TriageOutcome.ReferToDepartementalCell, "13004");
        var receipt = await counsellor.SendAsync(callId);
        using var coordinator13 = await app.SignInAsync("coordinator13");
        using var coordinator84 = await app.SignInAsync("coordinator84");
        const string note = "Note interne : rendez-vous avec la mère";
        using (var noted = await coordinator13.ActAsync(receipt.Referral.Id, "notes", new NoteRequest(note)))
        {
            Assert.Equal(HttpStatusCode.OK, noted.StatusCode);
        }

        var vaucluse = (await app.NewReferralAsync(counsellor, "84007")).Referral.ServiceId;
        using var redirected = await coordinator13.ActAsync(receipt.Referral.Id, "redirect",
            new RedirectRequest(vaucluse, "La famille vit à Avignon", ReferralHelpers.FamilySupport, ReferralHelpers.PrefectMission));
        var followOnId = (await redirected.ReadAsync<ReferralDetail>()).Referral.RedirectedToId!.Value;
        foreach (var step in new[] { "acknowledge", "follow-up" })
        {
            using var moved = await coordinator84.ActAsync(followOnId, step);
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        }

        using (var closed = await coordinator84.ActAsync(followOnId, "close", new CloseRequest(ClosingReason.Moved, MovedToDepartement: "2A")))
        {
            Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
            var detail = await closed.ReadAsync<ReferralDetail>();
            Assert.Equal(ClosingReason.Moved, detail.Referral.ClosingReason);
            Assert.Equal("2A", detail.MovedToDepartementCode);
        }

        // On the call: the feedback follows the redirection to its end.
        using var routingResponse = await counsellor.GetAsync($"/api/calls/{callId}/routing", Cancel);
        var routingBody = await routingResponse.Content.ReadAsStringAsync(Cancel);
        var feedback = (await counsellor.RoutingAsync(callId)).Sent!.Feedback!;
        Assert.Equal((followOnId, ReferralState.Closed, (ClosingReason?)ClosingReason.Moved), (feedback.ReferralId, feedback.State, feedback.ClosingReason));
        Assert.DoesNotContain("rendez-vous", routingBody, StringComparison.Ordinal);

        // In "Mes appels".
        using var mineResponse = await counsellor.GetAsync("/api/calls/mine", Cancel);
        var mineBody = await mineResponse.Content.ReadAsStringAsync(Cancel);
        var mine = JsonSerializer.Deserialize<MyCallsView>(mineBody, TriageHelpers.Json)!;
        var call = Assert.Single(mine.Calls, c => c.CallId == callId);
        Assert.Equal((ReferralState?)ReferralState.Closed, call.ReferralState);
        Assert.Equal((ClosingReason?)ClosingReason.Moved, call.ReferralClosingReason);
        Assert.DoesNotContain("rendez-vous", mineBody, StringComparison.Ordinal);
    }
}
