using System.Net;
using System.Text.Json;
using Hotline.Server.Referrals;
using Hotline.Testing;

namespace Hotline.IntegrationTests.Referrals;

/// <summary>The state machine over HTTP: every action from every state, legal (200) or not (409 ProblemDetails with the current state).</summary>
public sealed class ReferralStateTests(ReferralApp app) : IClassFixture<ReferralApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>How to bring a fresh referral into each state, as its departmental cell.</summary>
    private static readonly Dictionary<ReferralState, string[]> _pathTo = new()
    {
        [ReferralState.Sent] = [],
        [ReferralState.Acknowledged] = ["acknowledge"],
        [ReferralState.InFollowUp] = ["acknowledge", "follow-up"],
        [ReferralState.Closed] = ["acknowledge", "follow-up", "close"],
        [ReferralState.Redirected] = ["redirect"],
    };

    public static TheoryData<ReferralState, string, ReferralState?> Table() => new()
    {
        { ReferralState.Sent, "acknowledge", ReferralState.Acknowledged },
        { ReferralState.Sent, "follow-up", null },
        { ReferralState.Sent, "close", null },
        { ReferralState.Sent, "redirect", ReferralState.Redirected },
        { ReferralState.Acknowledged, "acknowledge", null },
        { ReferralState.Acknowledged, "follow-up", ReferralState.InFollowUp },
        { ReferralState.Acknowledged, "close", null },
        { ReferralState.Acknowledged, "redirect", ReferralState.Redirected },
        { ReferralState.InFollowUp, "acknowledge", null },
        { ReferralState.InFollowUp, "follow-up", null },
        { ReferralState.InFollowUp, "close", ReferralState.Closed },
        { ReferralState.InFollowUp, "redirect", ReferralState.Redirected },
        { ReferralState.Closed, "acknowledge", null },
        { ReferralState.Closed, "follow-up", null },
        { ReferralState.Closed, "close", null },
        { ReferralState.Closed, "redirect", null },
        { ReferralState.Redirected, "acknowledge", null },
        { ReferralState.Redirected, "follow-up", null },
        { ReferralState.Redirected, "close", null },
        { ReferralState.Redirected, "redirect", null },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public async Task Each_action_from_each_state_is_applied_or_refused_with_409(ReferralState from, string action, ReferralState? expected)
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        using var coordinator = await app.SignInAsync("coordinator13");
        var referral = (await app.NewReferralAsync(counsellor, "13004")).Referral;
        var elsewhere = (await app.NewReferralAsync(counsellor, "84007")).Referral.ServiceId;
        object Body(string step) => step switch
        {
            "redirect" => new RedirectRequest(elsewhere, "La famille a déménagé", ReferralHelpers.FamilySupport, ReferralHelpers.PrefectMission),
            "close" => new CloseRequest(ClosingReason.AccompanimentFinished),
            _ => new { },
        };
        foreach (var step in _pathTo[from])
        {
            using var moved = await coordinator.ActAsync(referral.Id, step, Body(step));
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        }

        using var response = await coordinator.ActAsync(referral.Id, action, Body(action));

        if (expected is { } state)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(state, (await app.StoredReferralAsync(referral.Id)).State);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
            Assert.Equal(from.ToString(), problem.RootElement.GetProperty("state").GetString());
            Assert.Equal(from, (await app.StoredReferralAsync(referral.Id)).State);
        }
    }

    [Fact]
    public async Task Two_acknowledgements_at_once_one_wins_the_other_gets_409()
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        using var coordinator = await app.SignInAsync("coordinator13");
        var referral = (await app.NewReferralAsync(counsellor, "13004")).Referral;

        var statuses = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
        {
            using var response = await coordinator.ActAsync(referral.Id, "acknowledge");
            return response.StatusCode;
        }));

        Assert.Single(statuses, s => s == HttpStatusCode.OK);
        Assert.All(statuses.Where(s => s != HttpStatusCode.OK), s => Assert.Equal(HttpStatusCode.Conflict, s));
        var stored = await app.StoredReferralAsync(referral.Id);
        Assert.Equal(2, stored.Events.Count); // Sent, Acknowledged
    }

    [Fact]
    public async Task The_history_lists_every_step_with_who_made_it_and_the_counsellor_stays_anonymous_to_the_service()
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        using var coordinator = await app.SignInAsync("coordinator13");
        var referral = (await app.NewReferralAsync(counsellor, "13004")).Referral;
        foreach (var step in new[] { "acknowledge", "follow-up", "close" })
        {
            using var moved = await coordinator.ActAsync(referral.Id, step);
        }

        var detail = await coordinator.DetailAsync(referral.Id);
        Assert.Equal(
            [(null, ReferralState.Sent, ReferralReader.NationalLineName), (ReferralState.Sent, ReferralState.Acknowledged, "Coordination Bouches-du-Rhône"),
             (ReferralState.Acknowledged, ReferralState.InFollowUp, "Coordination Bouches-du-Rhône"), (ReferralState.InFollowUp, ReferralState.Closed, "Coordination Bouches-du-Rhône")],
            detail.History.Select(h => (h.From, h.To, h.By)));
        Assert.Equal([ReferralAction.AddNote], detail.AllowedActions);

        // The national team knows who sent it.
        using var supervisor = await app.SignInAsync("supervisor1");
        Assert.Equal("Écoutant·e 1", (await supervisor.DetailAsync(referral.Id)).History[0].By);
    }
}
