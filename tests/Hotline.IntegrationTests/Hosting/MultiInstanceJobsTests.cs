using Hotline.IntegrationTests.Telephony;
using Hotline.Server.Compliance;
using Hotline.Server.Data;
using Hotline.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Hotline.IntegrationTests.Hosting;

/// <summary>Two server instances on one database run the same background jobs: each job's effect happens once.</summary>
public sealed class MultiInstanceJobsTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 1, 4, 9, 0, 0, TimeSpan.Zero));
    private readonly WireMockServer _twilio = WireMockServer.Start();
    private readonly HotlineAppFactory _a;
    private readonly HotlineAppFactory _b;

    public MultiInstanceJobsTests()
    {
        _a = new HotlineAppFactory { Time = _clock };
        _b = new HotlineAppFactory { Time = _clock };
        foreach (var app in (HotlineAppFactory[])[_a, _b])
        {
            app.Settings["Twilio:ApiBaseUrl"] = _twilio.Url;
        }

        // Slow enough that two passes started together would both be deleting when the other starts.
        _twilio.Given(Request.Create().WithPath(new WildcardMatcher("/2010-04-01/Accounts/*/Recordings/*.json")).UsingDelete())
            .RespondWith(Response.Create().WithStatusCode(204).WithDelay(TimeSpan.FromMilliseconds(300)));
    }

    public async ValueTask InitializeAsync()
    {
        await _a.InitializeAsync();
        _b.UseDatabase(_a.ConnectionString);
        _ = _a.Server;
        _ = _b.Server;
    }

    public async ValueTask DisposeAsync()
    {
        await _b.DisposeAsync();
        await _a.DisposeAsync();
        _twilio.Stop();
        _twilio.Dispose();
    }

    [Fact]
    public async Task Retention_run_by_two_instances_at_once_deletes_each_recording_at_Twilio_once()
    {
        var ct = TestContext.Current.CancellationToken;
        List<string> recordings = [];
        for (var i = 0; i < 4; i++)
        {
            var callSid = Twiml.NewCallSid();
            await _a.CallIntoQueueAsync(callSid, "2", "");
            await _a.PostAsync("/telephony/twilio/wait-choice", Twiml.Fields(callSid, ("Digits", "1")));
            await _a.PostAsync("/telephony/twilio/queue-result", Twiml.Fields(callSid, ("QueueResult", "leave")));
            var recordingSid = "RE" + Guid.NewGuid().ToString("N");
            using (await _a.PostTwilioAsync("/telephony/twilio/recording", Twiml.Fields(callSid, ("RecordingSid", recordingSid), ("RecordingDuration", "20"), ("RecordingStatus", "completed"))))
            {
            }

            recordings.Add(recordingSid);
        }

        // Past the recordings' retention: both instances' daily timers fire on the advance, and each is asked for a pass too.
        _clock.Advance(TimeSpan.FromDays(31));
        var reports = await Task.WhenAll(
            _a.Services.GetRequiredService<RetentionJob>().RunOnceAsync(ct),
            _b.Services.GetRequiredService<RetentionJob>().RunOnceAsync(ct));
        // The timers' passes may still be finishing: a last pass on each waits for them (in-process gate) and finds nothing.
        foreach (var app in (HotlineAppFactory[])[_a, _b])
        {
            await WaitUntilFreeAsync(app, ct);
        }

        foreach (var recordingSid in recordings)
        {
            Assert.Single(_twilio.LogEntries, e => e.RequestMessage.Method == "DELETE" && e.RequestMessage.Path.EndsWith($"/Recordings/{recordingSid}.json", StringComparison.Ordinal));
        }

        Assert.True(reports.Sum(r => r.RecordingsDeleted) <= recordings.Count);
    }

    [Fact]
    public async Task While_another_instance_holds_the_retention_lock_a_pass_is_skipped()
    {
        var ct = TestContext.Current.CancellationToken;
        // The other instance, as PostgreSQL sees it: a session holding the job's advisory lock.
        await using (var other = new NpgsqlConnection(_a.ConnectionString + ";Pooling=false"))
        {
            await other.OpenAsync(ct);
            await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({0x484F544C}, {(int)Job.Retention})", other))
            {
                await take.ExecuteNonQueryAsync(ct);
            }

            Assert.True((await _b.Services.GetRequiredService<RetentionJob>().RunOnceAsync(ct)).Skipped);
        }

        // The session ended (the instance died): its lock goes with it, as soon as PostgreSQL has ended that backend.
        await WaitUntilFreeAsync(_b, ct);
    }

    private static async Task WaitUntilFreeAsync(HotlineAppFactory app, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while ((await app.Services.GetRequiredService<RetentionJob>().RunOnceAsync(ct)).Skipped)
        {
            Assert.True(DateTime.UtcNow < deadline, "The retention lock was never released");
            await Task.Delay(100, ct);
        }
    }
}
