using Hotline.IntegrationTests.Telephony;
using Hotline.Server.LiveConsole;
using Hotline.Server.Data;
using Hotline.Server.Calls;
using Hotline.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.IntegrationTests.LiveConsole;

/// <summary>Offers with a clock the test moves: decline and timeout pass the call on; two misses mean Break.</summary>
public sealed class OfferTests(ClockedApp app) : IClassFixture<ClockedApp>
{
    [Fact]
    public async Task Declined_and_missed_offers_pass_to_the_next_counsellor_and_two_misses_mean_break()
    {
        await using var first = await ConsoleClient.ConnectAsync(app, "counsellor1");
        await first.WaitForAsync<ConsoleSnapshot>("Snapshot");
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        await using var second = await ConsoleClient.ConnectAsync(app, "counsellor2");
        await second.WaitForAsync<ConsoleSnapshot>("Snapshot");
        app.Clock.Advance(TimeSpan.FromSeconds(1));

        var x = Twiml.NewCallSid();
        await app.CallIntoQueueAsync(x, "2", "13150");
        var callX = (await app.FindCallAsync(x))!.Id;

        // The longest-idle counsellor gets it first; the other gets nothing.
        var offerToFirst = await first.WaitForAsync<OfferCard>("OfferReceived", o => o.Call.CallId == callX);
        Assert.Equal(offerToFirst.OfferedAt + TimeSpan.FromSeconds(20), offerToFirst.ExpiresAt);
        Assert.False(second.Received("OfferReceived"));

        Assert.True(await first.DeclineAsync(offerToFirst.OfferId));
        var offerToSecond = await second.WaitForAsync<OfferCard>("OfferReceived", o => o.Call.CallId == callX);

        // Nobody answers within 20 s: the offer expires, the call goes back to the queue.
        app.Clock.Advance(TimeSpan.FromSeconds(21));
        await app.Service<QueueDispatcher>().RunOnceAsync(TestContext.Current.CancellationToken);
        await second.WaitForAsync<object>("OfferWithdrawn");
        Assert.False((await second.AcceptAsync(offerToSecond.OfferId)).Accepted);
        // Nobody else can take it now (counsellor2 just missed it): counsellor1, who passed over ReofferDelay ago, is offered it again.
        await first.WaitForAsync<OfferCard>("OfferReceived", o => o.Call.CallId == callX && o.OfferId != offerToFirst.OfferId);

        // Pause declines that offer; a second miss in a row puts counsellor2 on Break.
        await first.SetPresenceAsync(Presence.Break);
        Assert.Equal(CallStatus.Queued, (await app.FindCallAsync(x))!.Status);
        var y = Twiml.NewCallSid();
        await app.CallIntoQueueAsync(y, "1", "");
        var callY = (await app.FindCallAsync(y))!.Id;
        await second.WaitForAsync<OfferCard>("OfferReceived", o => o.Call.CallId == callY);
        app.Clock.Advance(TimeSpan.FromSeconds(21));
        await app.Service<QueueDispatcher>().RunOnceAsync(TestContext.Current.CancellationToken);

        await second.WaitForAsync<CounsellorState>("PresenceChanged", s => s.Presence == Presence.Break);
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        Assert.Equal(3, await db.Offers.CountAsync(o => o.CallId == callX && (o.Outcome == OfferOutcome.Declined || o.Outcome == OfferOutcome.Expired), TestContext.Current.CancellationToken));
        await first.SetPresenceAsync(Presence.Available);
        await second.SetPresenceAsync(Presence.Available);
    }
}

/// <summary>One call is never offered to, or connected with, two counsellors: the database decides.</summary>
public sealed class ConcurrencyTests(TwilioConsoleApp app) : IClassFixture<TwilioConsoleApp>
{
    [Fact]
    public async Task Concurrent_accepts_of_one_offer_have_exactly_one_winner()
    {
        await using var tab1 = await ConsoleClient.ConnectAsync(app, "counsellor1");
        await using var tab2 = await ConsoleClient.ConnectAsync(app, "counsellor1");
        await using var other = await ConsoleClient.ConnectAsync(app, "counsellor2");
        await other.SetPresenceAsync(Presence.Break);
        var callSid = Twiml.NewCallSid();
        await app.CallIntoQueueAsync(callSid, "3", "");
        var callId = (await app.FindCallAsync(callSid))!.Id;
        var offer = await tab1.WaitForAsync<OfferCard>("OfferReceived", o => o.Call.CallId == callId);
        var userId = (await tab1.SnapshotAsync()).Me.UserId;

        // Two tabs, an impostor and twenty service calls race for the same offer.
        var hubAttempts = new[] { tab1.AcceptAsync(offer.OfferId), tab2.AcceptAsync(offer.OfferId), other.AcceptAsync(offer.OfferId) };
        var serviceAttempts = Enumerable.Range(0, 20).Select(async _ =>
        {
            await using var scope = app.Scope();
            return await scope.ServiceProvider.GetRequiredService<OfferService>().AcceptAsync(userId, offer.OfferId, TestContext.Current.CancellationToken);
        });
        var results = await Task.WhenAll(hubAttempts.Concat(serviceAttempts));

        Assert.Single(results, r => r.Accepted);
        Assert.False(results[2].Accepted); // not counsellor2's offer
        var call = await app.FindCallAsync(callSid);
        Assert.Equal(CallStatus.Connected, call!.Status);
        Assert.Single(call.Events, e => e.Kind == CallEventKind.Connected);
        await other.SetPresenceAsync(Presence.Available);
    }

}

/// <summary>Its own database: the race needs a queue nobody else fills.</summary>
public sealed class DispatchRaceTests(HotlineAppFactory app) : IClassFixture<HotlineAppFactory>
{
    [Fact]
    public async Task Dispatchers_racing_as_several_instances_never_offer_one_call_twice()
    {
        await using var c1 = await ConsoleClient.ConnectAsync(app, "counsellor1");
        await using var c2 = await ConsoleClient.ConnectAsync(app, "counsellor2");
        await c1.SetPresenceAsync(Presence.Break);
        await c2.SetPresenceAsync(Presence.Break);
        var callSids = Enumerable.Range(0, 5).Select(_ => Twiml.NewCallSid()).ToList();
        foreach (var callSid in callSids)
        {
            await app.CallIntoQueueAsync(callSid, "2", "");
        }

        await using (var scope = app.Scope())
        {
            // Both free at once, then eight dispatch passes at the same time (the app's own dispatcher joins in).
            var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
            await db.Counsellors.ExecuteUpdateAsync(set => set.SetProperty(c => c.Presence, Presence.Available), TestContext.Current.CancellationToken);
        }

        var passes = Enumerable.Range(0, 8).Select(async _ =>
        {
            await using var scope = app.Scope();
            return await scope.ServiceProvider.GetRequiredService<OfferService>().OfferWaitingCallsAsync(TestContext.Current.CancellationToken);
        });
        var made = await Task.WhenAll(passes);

        List<Offer> offers = [];
        for (var attempt = 0; attempt < 50 && offers.Count < 2; attempt++)
        {
            await using var check = app.Scope();
            offers = await check.ServiceProvider.GetRequiredService<HotlineDbContext>().Offers
                .Where(o => o.Outcome == OfferOutcome.Pending).ToListAsync(TestContext.Current.CancellationToken);
            if (offers.Count < 2)
            {
                await Task.Delay(100, TestContext.Current.CancellationToken);
            }
        }

        Assert.True(offers.Count == 2, $"pending offers: {offers.Count}; made by the racing passes: {string.Join(",", made)}");
        Assert.Equal(offers.Count, offers.Select(o => o.CallId).Distinct().Count());
        Assert.Equal(offers.Count, offers.Select(o => o.CounsellorId).Distinct().Count());
        foreach (var offer in offers)
        {
            await (offer.CounsellorId == (await c1.SnapshotAsync()).Me.UserId ? c1 : c2).DeclineAsync(offer.Id);
        }
    }
}
