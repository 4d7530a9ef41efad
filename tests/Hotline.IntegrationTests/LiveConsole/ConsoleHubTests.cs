using System.Net;
using Hotline.IntegrationTests.Telephony;
using Hotline.Server.LiveConsole;
using Hotline.Server.Calls;
using Hotline.Testing;

namespace Hotline.IntegrationTests.LiveConsole;

/// <summary>Each test has a server and database of its own: offers depend on the whole queue.</summary>
public sealed class ConsoleHubTests : IAsyncLifetime
{
    private readonly TwilioConsoleApp app = new();

    public ValueTask InitializeAsync() => app.InitializeAsync();

    public ValueTask DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task An_anonymous_negotiate_gets_401_not_a_redirect()
    {
        using var client = app.CreateApiClient();
        using var response = await client.PostAsync("/hubs/console/negotiate?negotiateVersion=1", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task A_counsellor_gets_a_snapshot_then_sequenced_events_and_an_offer_for_a_new_call()
    {
        await using var counsellor = await ConsoleClient.ConnectAsync(app, "counsellor1");

        var snapshot = await counsellor.WaitForAsync<ConsoleSnapshot>("Snapshot");
        Assert.Equal("counsellor1", snapshot.Me.UserName);
        Assert.Equal(Presence.Available, (await counsellor.WaitForAsync<CounsellorState>("PresenceChanged")).Presence);
        Assert.Null(snapshot.Counsellors); // supervisors only
        Assert.False(snapshot.VoiceEnabled);

        var callSid = Twiml.NewCallSid();
        await app.CallIntoQueueAsync(callSid, "2", "13150");
        var call = await app.FindCallAsync(callSid);

        var offer = await counsellor.WaitForAsync<OfferCard>("OfferReceived", o => o.Call.CallId == call!.Id);
        Assert.Equal(CallMotive.Signal, offer.Call.Motive);
        Assert.Equal("Bouches-du-Rhône", offer.Call.DepartementName);
        Assert.Equal("Tarascon", offer.Call.Communes[0].Name);
        Assert.True(offer.ExpiresAt > offer.OfferedAt);

        // Queue events carry strictly increasing sequence numbers. The queue and personal streams are
        // separate: the card (queued, or already updated as offered) may arrive just after the offer.
        await counsellor.WaitForCardAsync(call!.Id);
        var queueSequences = counsellor.Events.Where(e => e.Name is "CallQueued" or "CallUpdated" or "CallRemoved").Select(e => e.Sequence!.Value).ToList();
        Assert.NotEmpty(queueSequences);
        Assert.Equal(queueSequences.Order(), queueSequences);
        Assert.Equal(queueSequences.Distinct().Count(), queueSequences.Count);

        var accepted = await counsellor.AcceptAsync(offer.OfferId);
        Assert.True(accepted.Accepted, accepted.Reason);
        Assert.Equal(ConnectionMode.Simulated, accepted.Call!.Mode);
        Assert.Equal(1, app.DequeuesOf(callSid));
        var dequeue = app.Twilio.LogEntries.Single(e => e.RequestMessage.Path.EndsWith($"/Members/{callSid}.json", StringComparison.Ordinal));
        Assert.Contains("connect%3Fcounsellor%3D", dequeue.RequestMessage.Body, StringComparison.Ordinal);
        var connected = await app.FindCallAsync(callSid);
        Assert.Equal(CallStatus.Connected, connected!.Status);
        Assert.Contains(connected.Events, e => e.Kind == CallEventKind.Connected);

        // The caller hangs up: the counsellor goes to wrap-up.
        using (await app.PostTwilioAsync("/telephony/twilio/status", Twiml.Fields(callSid, ("CallStatus", "completed"))))
        {
        }

        await counsellor.WaitForAsync<Guid>("CallFinished", id => id == call!.Id);
        await counsellor.WaitForAsync<CounsellorState>("PresenceChanged", s => s.Presence == Presence.WrapUp);
        Assert.Equal(CallStatus.Completed, (await app.FindCallAsync(callSid))!.Status);

        // During wrap-up the call's context survives a reload, with the end of wrap-up.
        var duringWrapUp = await counsellor.SnapshotAsync();
        Assert.Equal(call!.Id, duringWrapUp.Current?.CallId);
        Assert.NotNull(duringWrapUp.Current!.WrapUpEndsAt);
        await counsellor.SetPresenceAsync(Presence.Available);
        Assert.Null((await counsellor.SnapshotAsync()).Current);
    }

    [Fact]
    public async Task A_supervisor_sees_every_counsellor_and_their_presence_changes()
    {
        await using var supervisor = await ConsoleClient.ConnectAsync(app, "supervisor1");
        var snapshot = await supervisor.WaitForAsync<ConsoleSnapshot>("Snapshot");
        Assert.NotNull(snapshot.Counsellors);

        await using var counsellor = await ConsoleClient.ConnectAsync(app, "counsellor2");
        // Connecting is news for supervisors, whatever the presence it restores.
        await supervisor.WaitForAsync<CounsellorState>("PresenceChanged", s => s.UserName == "counsellor2");

        await counsellor.SetPresenceAsync(Presence.Break);
        var onBreak = await supervisor.WaitForAsync<CounsellorState>("PresenceChanged", s => s.UserName == "counsellor2" && s.Presence == Presence.Break);
        Assert.Equal("counsellor2", onBreak.UserName);
        await counsellor.SetPresenceAsync(Presence.Available);
        await supervisor.WaitForAsync<CounsellorState>("PresenceChanged", s => s.UserName == "counsellor2" && s.Presence == Presence.Available);
        Assert.False(counsellor.Received("Snapshot") && counsellor.Events.Any(e => e.Name == "PresenceChanged" && e.Sequence is null));
    }

    [Fact]
    public async Task A_coordinator_receives_no_queue_event_and_no_queue_in_the_snapshot()
    {
        await using var coordinator = await ConsoleClient.ConnectAsync(app, "coordinator84");
        var snapshot = await coordinator.WaitForAsync<ConsoleSnapshot>("Snapshot");
        await using var counsellor = await ConsoleClient.ConnectAsync(app, "counsellor1");

        var callSid = Twiml.NewCallSid();
        await app.CallIntoQueueAsync(callSid, "2", "84000");
        var call = await app.FindCallAsync(callSid);
        await counsellor.WaitForCardAsync(call!.Id);

        Assert.Empty(snapshot.Queue);
        Assert.False(coordinator.Received("CallQueued"));
        Assert.False(coordinator.Received("CallUpdated"));
        Assert.False(coordinator.Received("OfferReceived"));
        Assert.Equal(AcceptResultReason, (await coordinator.AcceptAsync(Guid.NewGuid())).Reason);
    }

    private const string AcceptResultReason = "not-a-counsellor";

    [Fact]
    public async Task A_failed_dequeue_puts_the_call_back_in_the_queue_and_tells_the_counsellor()
    {
        await using var counsellor = await ConsoleClient.ConnectAsync(app, "counsellor2");
        var callSid = Twiml.NewCallSid();
        await app.CallIntoQueueAsync(callSid, "2", "");
        var callId = (await app.FindCallAsync(callSid))!.Id;
        var offer = await counsellor.WaitForAsync<OfferCard>("OfferReceived", o => o.Call.CallId == callId);
        app.DequeueFails(400);
        try
        {
            var result = await counsellor.AcceptAsync(offer.OfferId);

            Assert.False(result.Accepted);
            Assert.Equal("connection-failed", result.Reason);
            Assert.Equal(1, app.DequeuesOf(callSid)); // a refused POST is not repeated
            var notice = await counsellor.WaitForAsync<ConsoleNotice>("Notice", n => n.CallId == callId);
            Assert.Equal("connection-failed", notice.Code);
            var call = await app.FindCallAsync(callSid);
            Assert.True(call!.Status is CallStatus.Queued or CallStatus.Offered, call.Status.ToString());
            Assert.Null(call.CounsellorId);
        }
        finally
        {
            app.DequeueSucceeds();
            await counsellor.SetPresenceAsync(Presence.Break);
        }
    }

    [Fact]
    public async Task A_reconnecting_client_resyncs_with_what_it_missed()
    {
        await using (var supervisor = await ConsoleClient.ConnectAsync(app, "supervisor1"))
        {
            var first = await supervisor.WaitForAsync<ConsoleSnapshot>("Snapshot");
            await supervisor.Connection.StopAsync(TestContext.Current.CancellationToken);

            var callSid = Twiml.NewCallSid();
            await app.CallIntoQueueAsync(callSid, "1", "13007");
            var call = await app.FindCallAsync(callSid);

            await using var again = await ConsoleClient.ConnectAsync(app, "supervisor1");
            var resynced = await again.WaitForAsync<ConsoleSnapshot>("Snapshot");
            Assert.True(resynced.Sequences.Queue > first.Sequences.Queue);
            Assert.Contains(resynced.Queue, card => card.CallId == call!.Id);

            // GetSnapshot answers the same on demand (what a client does when it sees a gap).
            var onDemand = await again.SnapshotAsync();
            Assert.Contains(onDemand.Queue, card => card.CallId == call!.Id);
            Assert.True(onDemand.Sequences.Queue >= resynced.Sequences.Queue);
        }
    }
}
