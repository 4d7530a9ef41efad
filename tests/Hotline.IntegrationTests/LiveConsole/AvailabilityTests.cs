using Hotline.IntegrationTests.Telephony;
using Hotline.Server.LiveConsole;
using Hotline.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace Hotline.IntegrationTests.LiveConsole;

/// <summary>Availability that serves the counsellor: Pause after sign-in, presence usable during an offer, a breath after a decline, a wrap-up they control.</summary>
public sealed class AvailabilityTests : IAsyncLifetime
{
    private readonly ClockedTwilioApp _app = new();

    public ValueTask InitializeAsync()
    {
        _app.Settings["Console:AvailableOnSignIn"] = "false";
        return _app.InitializeAsync();
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Signing_in_leaves_the_counsellor_in_pause_until_they_choose_disponible()
    {
        var callSid = Twiml.NewCallSid();
        await _app.CallIntoQueueAsync(callSid, "3", "");
        await using var console = await ConsoleClient.ConnectAsync(_app, "counsellor1");
        Assert.Equal(Presence.Break, (await console.WaitForAsync<ConsoleSnapshot>("Snapshot")).Me.Presence);
        await _app.RunDispatcherAsync();
        Assert.Empty(await _app.PendingOffersAsync());

        await console.SetPresenceAsync(Presence.Available);
        await _app.RunDispatcherAsync();
        var offer = Assert.Single(await _app.PendingOffersAsync());

        // Disponible during the offer keeps it; Pause declines it.
        Assert.Equal(Presence.Offered, (await console.SetPresenceAsync(Presence.Available))!.Presence);
        Assert.Single(await _app.PendingOffersAsync());
        Assert.Equal(Presence.Break, (await console.SetPresenceAsync(Presence.Break))!.Presence);
        await console.WaitForAsync<object>("OfferWithdrawn");
        Assert.Empty(await _app.PendingOffersAsync());
        Assert.Equal(OfferOutcome.Declined, (await _app.ReadAsync(db => Task.FromResult(db.Offers.Single(o => o.Id == offer.Id)))).Outcome);
    }

    [Fact]
    public async Task After_a_decline_no_new_offer_comes_for_the_decline_grace()
    {
        await using var console = await ConsoleClient.ConnectAsync(_app, "counsellor1");
        await console.SetPresenceAsync(Presence.Available);
        await _app.CallIntoQueueAsync(Twiml.NewCallSid(), "3", "");
        var other = Twiml.NewCallSid();
        await _app.CallIntoQueueAsync(other, "1", "");
        await _app.RunDispatcherAsync();
        var first = Assert.Single(await _app.PendingOffersAsync());
        Assert.True(await console.DeclineAsync(first.Id));

        await _app.RunDispatcherAsync();
        await _app.AdvanceAsync(TimeSpan.FromSeconds(4));
        await _app.RunDispatcherAsync();
        Assert.Empty(await _app.PendingOffersAsync());

        await _app.AdvanceAsync(TimeSpan.FromSeconds(1));
        await _app.RunDispatcherAsync();
        Assert.Equal((await _app.FindCallAsync(other))!.Id, Assert.Single(await _app.PendingOffersAsync()).CallId);
    }

    [Fact]
    public async Task The_wrap_up_can_be_extended_once_and_ended_at_once()
    {
        await using var console = await ConsoleClient.ConnectAsync(_app, "counsellor1");
        await console.SetPresenceAsync(Presence.Available);
        var callSid = Twiml.NewCallSid();
        await _app.CallIntoQueueAsync(callSid, "2", "13150");
        await _app.RunDispatcherAsync();
        var offer = Assert.Single(await _app.PendingOffersAsync());
        Assert.True((await console.AcceptAsync(offer.Id)).Accepted);
        using (await _app.PostTwilioAsync("/telephony/twilio/status", Twiml.Fields(callSid, ("CallStatus", "completed"))))
        {
        }

        var wrapUp = await console.WaitForAsync<CounsellorState>("PresenceChanged", s => s.Presence == Presence.WrapUp);
        var end = _app.Clock.GetUtcNow() + TimeSpan.FromSeconds(60);
        Assert.Equal(end, wrapUp.WrapUpEndsAt);

        var extended = await console.Connection.InvokeAsync<DateTimeOffset?>("ExtendWrapUp", TestContext.Current.CancellationToken);
        Assert.Equal(end + TimeSpan.FromSeconds(60), extended);
        await console.WaitForAsync<CounsellorState>("PresenceChanged", s => s.WrapUpEndsAt == extended);
        Assert.Null(await console.Connection.InvokeAsync<DateTimeOffset?>("ExtendWrapUp", TestContext.Current.CancellationToken));

        // Past the first end, the extension holds.
        await _app.AdvanceAsync(TimeSpan.FromSeconds(61));
        await _app.RunDispatcherAsync();
        Assert.Equal(Presence.WrapUp, (await console.SnapshotAsync()).Me.Presence);

        Assert.True(await console.Connection.InvokeAsync<bool>("EndWrapUp", TestContext.Current.CancellationToken));
        var me = (await console.SnapshotAsync()).Me;
        Assert.Equal(Presence.Available, me.Presence);
        Assert.Null(me.CurrentCallId);
        Assert.False(await console.Connection.InvokeAsync<bool>("EndWrapUp", TestContext.Current.CancellationToken));
    }
}
