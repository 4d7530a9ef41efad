using System.Net;
using System.Net.Http.Json;
using Hotline.IntegrationTests.Referrals;
using Hotline.IntegrationTests.Telephony;
using Hotline.IntegrationTests.Triage;
using Hotline.Server.Calls;
using Hotline.Server.Compliance;
using Hotline.Server.Data;
using Hotline.Server.LiveConsole;
using Hotline.Server.Triage;
using Hotline.Server.WebContacts;
using Hotline.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Hotline.IntegrationTests.WebContacts;

/// <summary>Two messages an hour from one address.</summary>
public sealed class PerAddressLimitApp : HotlineAppFactory
{
    public PerAddressLimitApp()
    {
        Settings["Contact:MinSecondsToSubmit"] = "0";
        Settings["Contact:PerAddressPerHour"] = "2";
    }
}

public sealed class PerAddressLimitTests(PerAddressLimitApp app) : IClassFixture<PerAddressLimitApp>
{
    [Fact]
    public async Task A_third_message_within_the_hour_from_one_address_is_refused_with_429()
    {
        await ContactClient.SendValidAsync(app);
        await ContactClient.SendValidAsync(app);

        using var third = await ContactClient.SendAsync(app, await ContactClient.ValidFormAsync(app));

        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.True(third.Headers.Contains("Retry-After"));
    }
}

/// <summary>Two messages a minute from everyone together.</summary>
public sealed class GlobalLimitApp : HotlineAppFactory
{
    public GlobalLimitApp()
    {
        Settings["Contact:MinSecondsToSubmit"] = "0";
        Settings["Contact:PerAddressPerHour"] = "100000";
        Settings["Contact:GlobalPerMinute"] = "2";
    }
}

public sealed class GlobalLimitTests(GlobalLimitApp app) : IClassFixture<GlobalLimitApp>
{
    [Fact]
    public async Task A_flood_from_everywhere_is_refused_with_429_once_the_global_limit_is_reached()
    {
        await ContactClient.SendValidAsync(app);
        await ContactClient.SendValidAsync(app);

        using var flood = await ContactClient.SendAsync(app, await ContactClient.ValidFormAsync(app));

        Assert.Equal(HttpStatusCode.TooManyRequests, flood.StatusCode);
        Assert.Equal("application/problem+json", flood.Content.Headers.ContentType?.MediaType);
    }
}

/// <summary>Defaults for the time-to-submit (3 s), one open web message at most before holding.</summary>
public sealed class HoldingApp : HotlineAppFactory
{
    public HoldingApp()
    {
        Settings["Contact:PerAddressPerHour"] = "100000";
        Settings["Contact:GlobalPerMinute"] = "100000";
        Settings["Contact:MaxOpenItems"] = "1";
    }
}

public sealed class HoldingTests(HoldingApp app) : IClassFixture<HoldingApp>
{
    [Fact]
    public async Task A_form_sent_faster_than_a_person_can_gets_a_receipt_but_nothing_is_kept()
    {
        var reference = await ContactClient.SendValidAsync(app); // at once: under the 3 s

        Assert.Null(await app.FindCallAsync(Call.WebMessagePrefix + reference));
    }

    [Fact]
    public async Task Beyond_the_open_items_limit_messages_are_held_for_a_supervisor_not_dropped()
    {
        await using var supervisorConsole = await ConsoleClient.ConnectAsync(app, "supervisor1");
        await supervisorConsole.WaitForAsync<ConsoleSnapshot>("Snapshot");
        var form = await ContactClient.ValidFormAsync(app);
        await Task.Delay(TimeSpan.FromSeconds(3.2), TestContext.Current.CancellationToken);
        var tokenOld = form["formToken"];
        var first = await ContactClient.SendValidAsync(app, f => f["formToken"] = tokenOld);
        var second = await ContactClient.SendValidAsync(app, f => f["formToken"] = tokenOld);

        var kept = (await app.FindCallAsync(Call.WebMessagePrefix + first))!;
        var held = (await app.FindCallAsync(Call.WebMessagePrefix + second))!;
        Assert.False(kept.HeldForReview);
        Assert.True(held.HeldForReview);

        // Supervisors are alerted when holding starts, once: a third held message does not alert again.
        var alert = await supervisorConsole.WaitForAsync<SupervisorAlert>("SupervisorAlert", a => a.Kind == SupervisorAlertKind.WebMessagesHeld);
        Assert.Equal(held.Id, alert.CallId);
        var third = await ContactClient.SendValidAsync(app, f => f["formToken"] = tokenOld);
        Assert.True((await app.FindCallAsync(Call.WebMessagePrefix + third))!.HeldForReview);
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        Assert.Single(supervisorConsole.Events, e => e.Name == "SupervisorAlert");

        using var supervisor = await app.SignInAsync("supervisor1");
        var list = await supervisor.GetFromJsonAsync<List<HeldWebMessage>>("/api/contact/held", ContactClient.Json, TestContext.Current.CancellationToken);
        Assert.Contains(list!, h => h.CallId == held.Id && h.Reference == second);
        using var counsellor = await app.SignInAsync("counsellor1");
        using (var refused = await counsellor.GetAsync("/api/contact/held", TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using (var release = await supervisor.PostAsync($"/api/contact/held/{held.Id}/release", null, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.NoContent, release.StatusCode);
        }

        var released = (await app.FindCallAsync(Call.WebMessagePrefix + second))!;
        Assert.False(released.HeldForReview);
        Assert.Contains(released.Events, e => e.Kind == CallEventKind.ReleasedFromReview);
    }
}

/// <summary>A clock that retention can move forward.</summary>
public sealed class WebRetentionApp : HotlineAppFactory
{
    public WebRetentionApp()
    {
        Settings["Contact:MinSecondsToSubmit"] = "0";
        Time = Clock;
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2027, 2, 1, 9, 0, 0, TimeSpan.Zero));
}

public sealed class WebRetentionTests(WebRetentionApp app) : IClassFixture<WebRetentionApp>
{
    [Fact]
    public async Task A_web_message_and_its_contact_details_are_deleted_after_30_days()
    {
        var old = await ContactClient.SendValidAsync(app);
        app.Clock.Advance(TimeSpan.FromDays(20));
        var recent = await ContactClient.SendValidAsync(app);
        app.Clock.Advance(TimeSpan.FromDays(11));

        // The daily job may already have run when the clock moved: either way, one pass has happened after day 30.
        await using var scope = app.Scope();
        await scope.ServiceProvider.GetRequiredService<RetentionJob>().RunOnceAsync(TestContext.Current.CancellationToken);

        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        var oldCall = (await app.FindCallAsync(Call.WebMessagePrefix + old))!;
        var recentCall = (await app.FindCallAsync(Call.WebMessagePrefix + recent))!;
        Assert.False(await db.WebContacts.AnyAsync(w => w.CallId == oldCall.Id, TestContext.Current.CancellationToken));
        Assert.True(await db.WebContacts.AnyAsync(w => w.CallId == recentCall.Id, TestContext.Current.CancellationToken));
        Assert.NotNull(oldCall.AnonymisedAt);
        Assert.Null(oldCall.PostalCode);
        Assert.Equal(CallStatus.WebMessage, oldCall.Status); // the statistics stay
    }

    [Fact]
    public async Task A_web_message_that_led_to_a_referral_is_kept_until_its_referral_is_closed_and_past_its_own_retention()
    {
        var reference = await ContactClient.SendValidAsync(app);
        var callId = (await app.FindCallAsync(Call.WebMessagePrefix + reference))!.Id;
        await using (var scope = app.Scope())
        {
            // Arranged directly: the counsellor holds the message (taking it over the hub is tested elsewhere).
            var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
            var call = await db.Calls.SingleAsync(c => c.Id == callId, TestContext.Current.CancellationToken);
            call.CounsellorId = await db.Users.Where(u => u.UserName == "counsellor1").Select(u => u.Id).SingleAsync(TestContext.Current.CancellationToken);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        using var counsellor = await app.SignInAsync("counsellor1");
        using (var saved = await counsellor.PutTriageAsync(callId, TriageHelpers.Request(
            TriageOutcome.ReferToDepartementalCell, communeCode: "13108", summary: "Message écrit : fils de 16 ans en rupture")))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        var referral = await counsellor.SendAsync(callId);

        // Past the 30 days of a web message: kept, because the family's situation was referred.
        app.Clock.Advance(TimeSpan.FromDays(40));
        await RunRetentionAsync();
        Assert.True(await WebContactExistsAsync(callId));
        Assert.Null((await app.FindCallAsync(Call.WebMessagePrefix + reference))!.AnonymisedAt);

        // Closed: kept for the closed referrals' period, then the text and the contact details go with the call.
        using var supervisor = await app.SignInAsync("supervisor1");
        foreach (var move in new[] { "acknowledge", "follow-up", "close" })
        {
            using var moved = await supervisor.ActAsync(referral.Referral.Id, move);
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        }

        app.Clock.Advance(TimeSpan.FromDays(300));
        await RunRetentionAsync();
        Assert.True(await WebContactExistsAsync(callId));

        app.Clock.Advance(TimeSpan.FromDays(70));
        await RunRetentionAsync();
        Assert.False(await WebContactExistsAsync(callId));
        Assert.NotNull((await app.FindCallAsync(Call.WebMessagePrefix + reference))!.AnonymisedAt);
    }

    private async Task RunRetentionAsync()
    {
        await using var scope = app.Scope();
        await scope.ServiceProvider.GetRequiredService<RetentionJob>().RunOnceAsync(TestContext.Current.CancellationToken);
    }

    private async Task<bool> WebContactExistsAsync(Guid callId)
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<HotlineDbContext>().WebContacts.AnyAsync(w => w.CallId == callId, TestContext.Current.CancellationToken);
    }
}
