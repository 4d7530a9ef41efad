using System.Net;
using Hotline.Server.LiveConsole;
using Hotline.Server.Referrals;
using Hotline.IntegrationTests.Triage;
using Hotline.Testing;
using Microsoft.Extensions.DependencyInjection;
using Hotline.Server.ServiceDirectory;
using Hotline.Server.Triage;

namespace Hotline.IntegrationTests.Referrals;

/// <summary>Deadlines on the server's clock (a FakeTimeProvider), overdue first in the inbox, escalation to supervisors.</summary>
public sealed class ReferralDeadlineTests(ClockedReferralApp app) : IClassFixture<ClockedReferralApp>
{
    [Fact]
    public async Task Deadlines_skip_1_May_and_the_weekend_urgent_ones_are_4_hours_and_overdue_ones_come_first_and_are_escalated_once()
    {
        await using var supervisorHub = await ConsoleClient.ConnectAsync(app, "supervisor1");
        await using var coordinatorHub = await ConsoleClient.ConnectAsync(app, "coordinator13");
        await supervisorHub.WaitForAsync<ConsoleSnapshot>("Snapshot");
        await coordinatorHub.WaitForAsync<ConsoleSnapshot>("Snapshot");
        using var counsellor = await app.SignInAsync("counsellor1");

        // Thursday 30 April 2026, 10:00 in Paris. Friday is 1 May, then the weekend: two working days end Tuesday 5 May, 10:00.
        var ordinary = (await app.NewReferralAsync(counsellor, "13004")).Referral;
        Assert.Equal(new DateTimeOffset(2026, 5, 5, 8, 0, 0, TimeSpan.Zero), ordinary.AcknowledgeBy);
        Assert.False(ordinary.Urgent);

        // Immediate danger (17/112 advised) referred to the cell as well: 4 clock hours.
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        var urgent = (await app.NewReferralAsync(counsellor, "13004", urgency: "immediate-danger")).Referral;
        Assert.True(urgent.Urgent);
        Assert.Equal(new DateTimeOffset(2026, 4, 30, 12, 10, 0, TimeSpan.Zero), urgent.AcknowledgeBy);

        using var coordinator = await app.SignInAsync("coordinator13");
        var before = await coordinator.InboxAsync();
        Assert.Equal(0, before.Overdue);
        Assert.All(before.Items, r => Assert.False(r.Overdue));

        // Five hours later the urgent one is overdue: flagged, counted, first in the list, and escalated once.
        app.Clock.Advance(TimeSpan.FromHours(5));
        var inbox = await coordinator.InboxAsync();
        Assert.Equal(1, inbox.Overdue);
        Assert.Equal(urgent.Id, inbox.Items[0].Id);
        Assert.True(inbox.Items[0].Overdue);
        Assert.Equal([urgent.Id], (await coordinator.InboxAsync("?overdue=true")).Items.Select(r => r.Id));

        var escalator = app.Services.GetRequiredService<ReferralEscalator>();
        await escalator.RunOnceAsync(TestContext.Current.CancellationToken);
        var alert = await supervisorHub.WaitForAsync<SupervisorAlert>("SupervisorAlert", a => a.ReferralId == urgent.Id);
        Assert.Equal(SupervisorAlertKind.ReferralOverdue, alert.Kind);
        Assert.Equal("13", alert.DepartementCode);
        await coordinatorHub.WaitForAsync<ReferralCard>("ReferralChanged", c => c.Id == urgent.Id && c.Overdue);
        Assert.Equal(0, await escalator.RunOnceAsync(TestContext.Current.CancellationToken));
        Assert.Single(supervisorHub.Events, e => e.Payload is SupervisorAlert a && a.ReferralId == urgent.Id);

        // Acknowledged, it is no longer overdue. The ordinary one is still within its deadline on Monday…
        using (var acknowledged = await coordinator.ActAsync(urgent.Id, "acknowledge"))
        {
            Assert.Equal(HttpStatusCode.OK, acknowledged.StatusCode);
        }

        // (The sign-in cookie lasts 10 hours of the same clock: sign in again after each jump.)
        app.Clock.Advance(new DateTimeOffset(2026, 5, 4, 16, 0, 0, TimeSpan.Zero) - app.Clock.GetUtcNow());
        using var monday = await app.SignInAsync("coordinator13");
        Assert.Equal(0, (await monday.InboxAsync()).Overdue);

        // …and overdue on Tuesday after 10:00.
        app.Clock.Advance(TimeSpan.FromHours(16) + TimeSpan.FromMinutes(1));
        using var onTuesday = await app.SignInAsync("coordinator13");
        var tuesday = await onTuesday.InboxAsync();
        Assert.Equal(1, tuesday.Overdue);
        Assert.Equal(ordinary.Id, tuesday.Items[0].Id);
    }

    [Fact]
    public async Task The_deadline_is_computed_when_a_redirection_creates_the_follow_on()
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        using var coordinator = await app.SignInAsync("coordinator13");
        var referral = (await app.NewReferralAsync(counsellor, "13004")).Referral;
        var vaucluse = (await app.NewReferralAsync(counsellor, "84007")).Referral.ServiceId;

        using var redirected = await coordinator.ActAsync(referral.Id, "redirect", new RedirectRequest(vaucluse, "La famille vit à Avignon", ReferralHelpers.FamilySupport, ReferralHelpers.PrefectMission));
        var detail = await redirected.ReadAsync<ReferralDetail>();

        var followOn = await app.StoredReferralAsync(detail.Referral.RedirectedToId!.Value);
        Assert.Equal("84", followOn.DepartementCode);
        Assert.Null(followOn.CommuneCode); // Arles is not in Vaucluse
        Assert.Equal(AcknowledgementDeadline.Compute(app.Clock.GetUtcNow(), ServiceKind.DepartementalCell, false, new ReferralOptions()).By, followOn.AcknowledgeBy);
    }
}
