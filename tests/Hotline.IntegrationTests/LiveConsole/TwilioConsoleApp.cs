using Hotline.IntegrationTests.Telephony;
using Hotline.Testing;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Hotline.IntegrationTests.LiveConsole;

/// <summary>The server with WireMock.Net as the Twilio REST API: dequeues succeed unless a test says otherwise.</summary>
public class TwilioConsoleApp : HotlineAppFactory
{
    public const string MembersPattern = "/2010-04-01/Accounts/*/Queues/*/Members/*.json";

    public TwilioConsoleApp()
    {
        Twilio = WireMockServer.Start();
        Settings["Twilio:ApiBaseUrl"] = Twilio.Url;
        // Generous: the first SDK request of a test run pays for JIT and WireMock's warm-up, and a loaded CI
        // machine turned a 1 s attempt into an "unknown outcome" (then a reconciling GET) no test here is about.
        Settings["Twilio:Rest:AttemptTimeout"] = "00:00:10";
        Settings["Twilio:Rest:TotalTimeout"] = "00:00:20";
        DequeueSucceeds();
        Twilio.Given(Request.Create().WithPath("/2010-04-01/Accounts/*/Queues.json").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody(FakeTwilio.QueueListJson((FakeTwilio.QueueSid, "hotline"))));
    }

    public WireMockServer Twilio { get; }

    public void DequeueSucceeds() =>
        Twilio.Given(Request.Create().WithPath(new WildcardMatcher(MembersPattern)).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody("""{"call_sid":"CA00000000000000000000000000000000","queue_sid":"QU00000000000000000000000000000001","position":1,"wait_time":5}"""));

    public void DequeueFails(int status) =>
        Twilio.Given(Request.Create().WithPath(new WildcardMatcher(MembersPattern)).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json")
                .WithBody($$"""{"code":20500,"message":"Internal Server Error","status":{{status}}}"""));

    /// <summary>Dequeue requests that reached "Twilio" for one caller.</summary>
    public int DequeuesOf(string callSid) =>
        Twilio.LogEntries.Count(e => e.RequestMessage.Method == "POST" && e.RequestMessage.Path.EndsWith($"/Members/{callSid}.json", StringComparison.Ordinal));

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Twilio.Stop();
        Twilio.Dispose();
    }
}
