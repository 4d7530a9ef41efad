using Hotline.IntegrationTests.Telephony;
using Hotline.Server.LiveConsole;
using Hotline.Testing;

namespace Hotline.IntegrationTests.LiveConsole;

/// <summary>
/// Callers queued all at once: the publisher reads and numbers their cards together, and every console still gets each
/// card once, in one unbroken, ascending stream (a gap would make every console resynchronise).
/// </summary>
public sealed class BurstPublishingTests : IAsyncLifetime
{
    private readonly TwilioConsoleApp _app = new();

    public ValueTask InitializeAsync() => _app.InitializeAsync();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Forty_callers_queued_together_reach_the_console_once_each_in_an_unbroken_stream()
    {
        await using var supervisor = await ConsoleClient.ConnectAsync(_app, "supervisor1");
        var callSids = Enumerable.Range(0, 40).Select(_ => Twiml.NewCallSid()).ToList();

        await Task.WhenAll(callSids.Select((sid, i) => _app.CallIntoQueueAsync(sid, "2", "13150", from: $"+336123456{i:D2}")));
        var ids = new HashSet<Guid>();
        foreach (var sid in callSids)
        {
            ids.Add((await _app.FindCallAsync(sid))!.Id);
        }

        foreach (var id in ids)
        {
            await supervisor.WaitForAsync<CallCard>("CallQueued", card => card.CallId == id);
        }

        var queueEvents = supervisor.Events.Where(e => e.Name is "CallQueued" or "CallUpdated" or "CallRemoved").ToList();
        var queued = queueEvents.Where(e => e.Name == "CallQueued").Select(e => ((CallCard)e.Payload!).CallId).ToList();
        Assert.Equal(ids.Count, queued.Count);
        Assert.True(ids.SetEquals(queued));
        var sequences = queueEvents.Select(e => e.Sequence!.Value).ToList();
        Assert.Equal(Enumerable.Range(0, sequences.Count).Select(i => sequences[0] + i), sequences);
    }
}
