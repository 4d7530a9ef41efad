using System.Collections.Concurrent;
using System.Diagnostics;
using Hotline.Server.Calls;
using Hotline.Testing;
using Npgsql;

namespace Hotline.IntegrationTests.Telephony;

/// <summary>
/// A webhook of the enqueue path costs one database round trip: counted from Npgsql's own trace (one activity per
/// command sent), for the commands sent while serving the request, on this class's database only.
/// </summary>
public sealed class WebhookRoundTripTests(HotlineAppFactory app) : IClassFixture<HotlineAppFactory>
{
    [Fact]
    public async Task Voice_menu_and_postal_code_each_send_one_command_and_leave_the_call_queued_with_its_events()
    {
        using var commands = new RequestCommands(new NpgsqlConnectionStringBuilder(app.ConnectionString).Database!);
        var callSid = Twiml.NewCallSid();

        var voice = await commands.CountAsync(() => app.PostAsync("/telephony/twilio/voice", Twiml.Fields(callSid)));
        var menu = await commands.CountAsync(() => app.PostAsync("/telephony/twilio/menu?attempt=1", Twiml.Fields(callSid, ("Digits", "2"))));
        var postal = await commands.CountAsync(() => app.PostAsync("/telephony/twilio/postal-code?attempt=1", Twiml.Fields(callSid, ("Digits", "13150"))));

        // The statements are named on failure: a second command once came with the voice webhook in CI (ci10), unseen here since.
        Assert.True((voice, menu, postal) == (1, 1, 1), $"commands (voice, menu, postal): {(voice, menu, postal)}; {commands.Describe()}");
        var call = (await app.FindCallAsync(callSid))!;
        Assert.Equal(CallStatus.Queued, call.Status);
        Assert.Equal(CallMotive.Signal, call.Motive);
        Assert.Equal(Call.PriorityOf(CallMotive.Signal), call.Priority);
        Assert.Equal((CallLocation.Resolved, "13150", "13"), (call.Location, call.PostalCode, call.DepartementCode));
        Assert.NotNull(call.QueuedAt);
        Assert.Equal(
            [CallEventKind.Entered, CallEventKind.MenuChoice, CallEventKind.LocationGiven, CallEventKind.Queued],
            call.Events.OrderBy(e => e.Id).Select(e => e.Kind));
        Assert.Equal("motive=Signal", call.Events.Single(e => e.Kind == CallEventKind.MenuChoice).Detail);
        Assert.Equal("departement=13", call.Events.Single(e => e.Kind == CallEventKind.LocationGiven).Detail);
    }

    [Fact]
    public async Task A_repeated_voice_webhook_reads_the_known_call_and_a_late_menu_changes_nothing()
    {
        var callSid = Twiml.NewCallSid();
        await app.CallIntoQueueAsync(callSid, "2", "13150");

        // Twilio repeats the voice webhook after the caller moved on: back to the queue, nothing stored twice.
        var again = await app.PostAsync("/telephony/twilio/voice", Twiml.Fields(callSid));
        // A menu answer arriving late does not take the call out of the queue nor change its motive.
        await app.PostAsync("/telephony/twilio/menu?attempt=1", Twiml.Fields(callSid, ("Digits", "3")));

        again.Single("Enqueue");
        var call = (await app.FindCallAsync(callSid))!;
        Assert.Equal(CallStatus.Queued, call.Status);
        Assert.Equal(CallMotive.Signal, call.Motive);
        Assert.Single(call.Events, e => e.Kind == CallEventKind.Entered);
        Assert.Single(call.Events, e => e.Kind == CallEventKind.MenuChoice);
    }

    /// <summary>Npgsql commands sent while an HTTP request was being served (not by background work), on one database.</summary>
    private sealed class RequestCommands : IDisposable
    {
        private readonly ActivityListener _listener;
        private readonly ConcurrentQueue<Activity> _commands = new();

        public RequestCommands(string database)
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name is "Npgsql" or "Microsoft.AspNetCore",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity =>
                {
                    if (activity.Source.Name == "Npgsql"
                        && (Equals(activity.GetTagItem("db.namespace"), database) || Equals(activity.GetTagItem("db.name"), database))
                        && Ancestors(activity).Any(a => a.Source.Name == "Microsoft.AspNetCore"))
                    {
                        _commands.Enqueue(activity);
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public async Task<int> CountAsync(Func<Task> request)
        {
            var before = _commands.Count;
            await request();
            return _commands.Count - before;
        }

        /// <summary>Each command counted: its statement's start and whether it failed.</summary>
        public string Describe() => string.Join(" | ", _commands.Select(c =>
        {
            var text = string.Join(' ', ((c.GetTagItem("db.query.text") ?? c.GetTagItem("db.statement"))?.ToString() ?? c.DisplayName)
                .Split((char[])['\n', '\r', ' '], StringSplitOptions.RemoveEmptyEntries));
            return $"{text[..Math.Min(80, text.Length)]} [{c.Status}]";
        }));

        public void Dispose() => _listener.Dispose();

        private static IEnumerable<Activity> Ancestors(Activity activity)
        {
            for (var parent = activity.Parent; parent is not null; parent = parent.Parent)
            {
                yield return parent;
            }
        }
    }
}
