using System.Net.Http.Json;
using Hotline.IntegrationTests.LiveConsole;
using Hotline.IntegrationTests.Telephony;
using Hotline.Server.LiveConsole;
using Hotline.Server.Statistics;
using Hotline.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace Hotline.IntegrationTests.Statistics;

/// <summary>The wallboard follows a call answered through the console, and supervisors hear of it over the hub.</summary>
public sealed class LiveStatisticsTests : IAsyncLifetime
{
    private readonly TwilioConsoleApp _app = new();

    public ValueTask InitializeAsync() => _app.InitializeAsync();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_answered_call_moves_the_wallboard_and_is_pushed_to_supervisors()
    {
        using var supervisor = await _app.SignInAsync("supervisor1");
        var before = (await supervisor.GetFromJsonAsync<LiveStatistics>("/api/statistics/live", TriageJson, Cancel))!;
        Assert.Equal((0, 0, 30), (before.Today.Offered, before.Waiting, before.ServiceLevelSeconds));
        Assert.Equal(24, before.Hours.Count);
        Assert.Equal(Enum.GetNames<Presence>(), before.Counsellors.Select(c => c.State));

        await using var wallboard = await ConsoleClient.ConnectAsync(_app, "supervisor1");
        await using var console = await ConsoleClient.ConnectAsync(_app, "counsellor1");
        await console.SetPresenceAsync(Presence.Break);
        var callSid = Twiml.NewCallSid();
        await _app.CallIntoQueueAsync(callSid, "2", "13150");
        var callId = (await _app.FindCallAsync(callSid))!.Id;
        var waiting = await wallboard.WaitForAsync<LiveStatistics>("StatisticsChanged", s => s.Waiting == 1 && s.Today.Offered == 1);
        Assert.NotNull(waiting.LongestWaitSeconds);

        using var counsellor = await _app.SignInAsync("counsellor1");
        using (var taken = await counsellor.PostAsync($"/api/console/calls/{callId}/take", null, Cancel))
        {
            taken.EnsureSuccessStatusCode();
        }

        var answered = await wallboard.WaitForAsync<LiveStatistics>("StatisticsChanged", s => s.Today.Answered == 1);
        Assert.Equal((0, 1), (answered.Waiting, answered.Counsellors.Single(c => c.State == nameof(Presence.OnCall)).Count));
        // One call, answered: the service level is all or nothing, as its wait (the ASA) was within 30 s or not (a loaded
        // machine may take longer than that between the queue and "Prendre").
        var wait = Assert.IsType<double>(answered.Today.AverageSpeedOfAnswerSeconds);
        Assert.Equal(wait <= 30 ? 100.0 : 0.0, answered.Today.ServiceLevelPercent);

        // The caller hangs up, the counsellor ends the wrap-up: the handle time is known.
        using (await _app.PostTwilioAsync("/telephony/twilio/status", Twiml.Fields(callSid, ("CallStatus", "completed")))) { }
        await console.WaitForAsync<CounsellorState>("PresenceChanged", s => s.Presence == Presence.WrapUp);
        Assert.True(await console.Connection.InvokeAsync<bool>("EndWrapUp", Cancel));
        var handled = await wallboard.WaitForAsync<LiveStatistics>("StatisticsChanged", s => s.Today.AverageHandleTimeSeconds is not null);
        Assert.Equal((1, 1, 0), (handled.Today.Offered, handled.Today.Answered, handled.Today.Abandoned));
        var hour = TimeZoneInfo.ConvertTime(handled.AsOf, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris")).Hour;
        Assert.Equal(1, handled.Hours[hour].Today);

        var now = (await supervisor.GetFromJsonAsync<LiveStatistics>("/api/statistics/live", TriageJson, Cancel))!;
        Assert.Equal(handled.Today, now.Today);
    }

    private static readonly System.Text.Json.JsonSerializerOptions TriageJson = Hotline.IntegrationTests.Triage.TriageHelpers.Json;
}
