using System.Net;
using System.Net.Http.Json;
using Hotline.IntegrationTests.Telephony;
using Hotline.Server.Audit;
using Hotline.Server.Calls;
using Hotline.Server.LiveConsole;
using Hotline.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using Hotline.Server.Compliance;

namespace Hotline.IntegrationTests.Hosting;

public sealed class RetentionTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 1, 4, 9, 0, 0, TimeSpan.Zero));
    private readonly WireMockServer _twilio = WireMockServer.Start();
    private readonly HotlineAppFactory _app;

    public RetentionTests()
    {
        _app = new HotlineAppFactory { Time = _clock };
        _app.Settings["Twilio:ApiBaseUrl"] = _twilio.Url;
        _twilio.Given(Request.Create().WithPath(new WildcardMatcher("/2010-04-01/Accounts/*/Recordings/*.json")).UsingDelete())
            .RespondWith(Response.Create().WithStatusCode(204));
    }

    public ValueTask InitializeAsync() => _app.InitializeAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _twilio.Stop();
        _twilio.Dispose();
    }

    [Fact]
    public async Task Daily_retention_anonymises_old_calls_deletes_recordings_at_twilio_and_spares_legal_holds()
    {
        var plain = Twiml.NewCallSid();
        var held = Twiml.NewCallSid();
        var voicemail = Twiml.NewCallSid();
        foreach (var callSid in new[] { plain, held })
        {
            await _app.CallIntoQueueAsync(callSid, "1", "13150");
            using (await _app.PostTwilioAsync("/telephony/twilio/status", Twiml.Fields(callSid, ("CallStatus", "completed")))) { }
        }

        await _app.CallIntoQueueAsync(voicemail, "2", "");
        await _app.PostAsync("/telephony/twilio/wait-choice", Twiml.Fields(voicemail, ("Digits", "1")));
        await _app.PostAsync("/telephony/twilio/queue-result", Twiml.Fields(voicemail, ("QueueResult", "leave")));
        var recordingSid = "RE" + Guid.NewGuid().ToString("N");
        using (await _app.PostTwilioAsync("/telephony/twilio/recording", Twiml.Fields(voicemail, ("RecordingSid", recordingSid), ("RecordingDuration", "20"), ("RecordingStatus", "completed")))) { }

        using var admin = await _app.SignInAsync("admin");
        var heldId = (await _app.FindCallAsync(held))!.Id;
        using (var noReason = await admin.PutAsJsonAsync($"/api/calls/{heldId}/legal-hold", new { hold = true }, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        }

        using (var hold = await admin.PutAsJsonAsync($"/api/calls/{heldId}/legal-hold", new { hold = true, reason = "Réquisition judiciaire n° 1" }, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.NoContent, hold.StatusCode);
        }

        // Nothing is due yet.
        var job = _app.Services.GetRequiredService<RetentionJob>();
        Assert.Equal(new RetentionReport(0, 0, 0, 0), await job.RunOnceAsync(TestContext.Current.CancellationToken));

        // Two months later; the daily timer fires on the advance, and a pass run here finds nothing left to do.
        _clock.Advance(TimeSpan.FromDays(62));
        await job.RunOnceAsync(TestContext.Current.CancellationToken);

        var anonymised = await _app.FindCallAsync(plain);
        Assert.Null(anonymised!.CallerHash);
        Assert.Null(anonymised.PostalCode);
        Assert.Empty(anonymised.CandidateCommuneCodes);
        Assert.NotNull(anonymised.AnonymisedAt);
        Assert.Equal("13", anonymised.DepartementCode); // statistics remain
        var spared = await _app.FindCallAsync(held);
        Assert.NotNull(spared!.CallerHash);
        Assert.Equal("13150", spared.PostalCode);
        Assert.Null((await _app.FindCallAsync(voicemail))!.RecordingSid);
        Assert.Single(_twilio.LogEntries, e => e.RequestMessage.Method == "DELETE" && e.RequestMessage.Path.EndsWith($"/Recordings/{recordingSid}.json", StringComparison.Ordinal));
    }
}
