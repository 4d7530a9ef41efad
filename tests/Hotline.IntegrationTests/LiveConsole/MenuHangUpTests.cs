using Hotline.IntegrationTests.Telephony;
using Hotline.Server.Calls;
using Hotline.Testing;

namespace Hotline.IntegrationTests.LiveConsole;

/// <summary>A caller who hangs up in the menu was never on a console: no message goes to the consoles for it.</summary>
public sealed class MenuHangUpTests : IAsyncLifetime
{
    private readonly TwilioConsoleApp _app = new();

    public ValueTask InitializeAsync() => _app.InitializeAsync();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task A_hang_up_in_the_menu_sends_nothing_to_the_consoles_and_one_in_the_queue_removes_the_card()
    {
        await using var supervisor = await ConsoleClient.ConnectAsync(_app, "supervisor1");

        // Hangs up at the menu.
        var inMenu = Twiml.NewCallSid();
        await _app.PostAsync("/telephony/twilio/voice", Twiml.Fields(inMenu, ("From", "+33612345670")));
        using (await _app.PostTwilioAsync("/telephony/twilio/status", Twiml.Fields(inMenu, ("CallStatus", "completed")))) { }
        var abandonedInMenu = (await _app.FindCallAsync(inMenu))!;
        Assert.Equal(CallStatus.Abandoned, abandonedInMenu.Status);

        // Hangs up while waiting: its card comes and goes.
        var queued = Twiml.NewCallSid();
        await _app.CallIntoQueueAsync(queued, "2", "13150", from: "+33612345671");
        var queuedId = (await _app.FindCallAsync(queued))!.Id;
        await supervisor.WaitForAsync<Hotline.Server.LiveConsole.CallCard>("CallQueued", card => card.CallId == queuedId);
        using (await _app.PostTwilioAsync("/telephony/twilio/status", Twiml.Fields(queued, ("CallStatus", "completed")))) { }
        await supervisor.WaitForAsync<Guid>("CallRemoved", id => id == queuedId);

        // The removal of the queued call came after the menu hang-up was handled: nothing was sent for the first one.
        Assert.DoesNotContain(supervisor.Events, e => e.Payload is Guid id && id == abandonedInMenu.Id);
        Assert.DoesNotContain(supervisor.Events, e => e.Payload is Hotline.Server.LiveConsole.CallCard card && card.CallId == abandonedInMenu.Id);
    }
}
