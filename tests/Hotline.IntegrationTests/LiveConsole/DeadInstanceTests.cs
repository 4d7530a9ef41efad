using Hotline.IntegrationTests.Telephony;
using Hotline.Server.Calls;
using Hotline.Server.LiveConsole;
using Hotline.Testing;
using Microsoft.EntityFrameworkCore;

namespace Hotline.IntegrationTests.LiveConsole;

/// <summary>
/// An instance killed outright (SIGKILL, a host lost) runs no disconnect: its consoles' rows stay until its heartbeat
/// expires. Found by <c>hotline-twilio-sim chaos</c>: offers made meanwhile to its counsellors expired unseen 20 s later,
/// the callers waited for nothing and the counsellors were put on Break for two "misses".
/// </summary>
public sealed class DeadInstanceTests : IAsyncLifetime
{
    private const string KilledInstance = "killed-instance";
    private readonly ClockedTwilioApp _app = new();
    private Dictionary<Guid, ConsoleClient> _consoles = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        // The production heartbeat (the clocked fixtures keep the 10 s one they were written for): expiry after 6 s.
        _app.Settings["Console:HeartbeatInterval"] = "00:00:02";
        return _app.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var console in _consoles.Values)
        {
            await console.DisposeAsync();
        }

        await _app.DisposeAsync();
    }

    [Fact]
    public async Task An_offer_to_a_counsellor_whose_instance_died_goes_to_a_live_counsellor_once_that_instance_is_silent_and_is_no_miss()
    {
        _consoles = await _app.AvailableCounsellorsAsync(2);
        var goneId = _consoles.Keys.First(); // the longest idle: offered first
        var (liveId, live) = _consoles.Last();
        // The first counsellor's console was on an instance that has just been killed: the connection is gone, its row stays.
        await _consoles[goneId].DisposeAsync();
        _consoles.Remove(goneId);
        await _app.ReadAsync(db =>
        {
            db.ConsoleConnections.Add(new ConsoleConnection { ConnectionId = "killed-" + Guid.NewGuid().ToString("N"), UserId = goneId, Instance = KilledInstance, LastSeenAt = _app.Clock.GetUtcNow() });
            return db.SaveChangesAsync(Ct);
        });

        var callSid = Twiml.NewCallSid();
        await _app.CallIntoQueueAsync(callSid, "2", "13150");
        var callId = (await _app.FindCallAsync(callSid))!.Id;
        await _app.RunDispatcherAsync();
        var unreachable = Assert.Single(await _app.PendingOffersAsync());
        Assert.Equal(goneId, unreachable.CounsellorId);

        // Seven seconds on: the live instance kept beating, the killed one did not (three missed beats of 2 s).
        var later = _app.Clock.GetUtcNow() + TimeSpan.FromSeconds(7);
        await _app.ReadAsync(db => db.ConsoleConnections.Where(c => c.Instance != KilledInstance)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.LastSeenAt, later), Ct));
        _app.Clock.Advance(TimeSpan.FromSeconds(7));
        await _app.RunDispatcherAsync();

        // The caller does not wait 20 s for an offer nobody can see: it goes to the live counsellor now.
        var offer = Assert.Single(await _app.PendingOffersAsync());
        Assert.Equal((callId, liveId), (offer.CallId, offer.CounsellorId));
        await live.WaitForAsync<OfferCard>("OfferReceived", o => o.OfferId == offer.Id);
        var (outcome, missed, presence) = await _app.ReadAsync(async db => (
            await db.Offers.Where(o => o.Id == unreachable.Id).Select(o => o.Outcome).SingleAsync(Ct),
            await db.Counsellors.Where(c => c.UserId == goneId).Select(c => c.MissedOffers).SingleAsync(Ct),
            await db.Counsellors.Where(c => c.UserId == goneId).Select(c => c.Presence).SingleAsync(Ct)));
        // Withdrawn, not Expired: the counsellor missed nothing (no Break for two "misses"); back to Available until the
        // offline grace ends or a console of theirs comes back.
        Assert.Equal(OfferOutcome.Withdrawn, outcome);
        Assert.Equal(0, missed);
        Assert.Equal(Presence.Available, presence);
        Assert.Equal(CallStatus.Offered, (await _app.FindCallAsync(callSid))!.Status);
    }
}
