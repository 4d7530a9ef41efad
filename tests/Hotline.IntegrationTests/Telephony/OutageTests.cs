using System.Diagnostics;
using Hotline.Server.Calls;
using Hotline.Server.LiveConsole;
using Hotline.Server.Telephony;
using Hotline.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.IntegrationTests.Telephony;

/// <summary>Never drop a caller: the database stops mid-flow, calls still get TwiML, and the records catch up.</summary>
public sealed class OutageTests
{
    [Fact]
    public async Task Calls_arriving_while_the_database_is_down_are_enqueued_and_reconciled_when_it_returns()
    {
        await using var cluster = await PostgresCluster.StartAsync();
        await cluster.CreateDatabaseAsync("hotline");
        await TestDatabases.MigrateAsync(cluster, "hotline");
        await using var app = new HotlineAppFactory();
        app.UseDatabase(cluster.ApplicationConnectionString("hotline"));
        var before = Twiml.NewCallSid();
        var during = Twiml.NewCallSid();
        await app.CallIntoQueueAsync(before, "2", "13150");

        await cluster.StopServerAsync();

        var clock = Stopwatch.StartNew();
        var twiml = await app.PostAsync("/telephony/twilio/voice", Twiml.Fields(during));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"answered in {clock.Elapsed}, Twilio gives up at 15 s");
        Assert.Contains("17 ou 112", twiml.Said(), StringComparison.Ordinal);
        Assert.Equal("hotline", twiml.Single("Enqueue").Value);

        // Waiting still works (music, no announcement), and the hang-up of the earlier call is kept.
        var wait = await app.PostAsync("/telephony/twilio/wait", Twiml.Fields(during));
        wait.Single("Play");
        await app.PostAsync("/telephony/twilio/queue-result", Twiml.Fields(before, ("QueueResult", "hangup"), ("QueueTime", "80")));
        Assert.Equal(2, Directory.GetFiles(app.JournalPath, "*.json").Length);

        await cluster.StartServerAsync();
        var applied = await app.Services.GetRequiredService<OutageJournalReconciler>().ReconcileAsync(TestContext.Current.CancellationToken);

        Assert.True(applied <= 2);
        Assert.Empty(Directory.GetFiles(app.JournalPath, "*.json"));
        var reconciled = await app.FindCallAsync(during);
        Assert.NotNull(reconciled);
        Assert.Equal(CallStatus.Queued, reconciled.Status);
        Assert.NotNull(reconciled.CallerHash);
        Assert.Contains(reconciled.Events, e => e.Kind == CallEventKind.Reconciled);
        var abandoned = await app.FindCallAsync(before);
        Assert.Equal(CallStatus.Abandoned, abandoned!.Status);
        Assert.Equal(80, abandoned.WaitSeconds);

        // The reconciled call continues normally.
        using (await app.PostTwilioAsync("/telephony/twilio/status", Twiml.Fields(during, ("CallStatus", "completed"))))
        {
        }

        Assert.Equal(CallStatus.Abandoned, (await app.FindCallAsync(during))!.Status);
    }
}
