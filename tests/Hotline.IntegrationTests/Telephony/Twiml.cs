using System.Net;
using System.Xml.Linq;
using Hotline.Server.Data;
using Hotline.Server.Calls;
using Hotline.Server.LiveConsole;
using Hotline.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.IntegrationTests.Telephony;

/// <summary>Plays the Twilio side of a call in tests: signed webhooks, TwiML read back as XML.</summary>
internal static class Twiml
{
    public static string NewCallSid() => "CA" + Guid.NewGuid().ToString("N");

    public static Dictionary<string, string> Fields(string callSid, params (string Key, string Value)[] extra)
    {
        var fields = new Dictionary<string, string>
        {
            ["CallSid"] = callSid,
            ["AccountSid"] = HotlineAppFactory.TwilioAccountSid,
            ["From"] = "+33612345678",
            ["To"] = "+33800005696",
            ["CallStatus"] = "in-progress",
            ["Direction"] = "inbound",
            ["ApiVersion"] = "2010-04-01",
        };
        foreach (var (key, value) in extra)
        {
            fields[key] = value;
        }

        return fields;
    }

    /// <summary>Posts a signed webhook and returns its TwiML; fails the test on anything but 200 XML.</summary>
    public static async Task<XElement> PostAsync(this HotlineAppFactory app, string pathAndQuery, Dictionary<string, string> fields)
    {
        using var response = await app.PostTwilioAsync(pathAndQuery, fields);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{pathAndQuery}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        var root = XDocument.Parse(body).Root!;
        Assert.Equal("Response", root.Name.LocalName);
        return root;
    }

    public static string Said(this XElement twiml) =>
        string.Join(" ", twiml.Descendants("Say").Select(say => say.Value));

    public static XElement Single(this XElement twiml, string verb) => Assert.Single(twiml.Descendants(verb));

    /// <summary>The path and query of a TwiML URL attribute (they are absolute, on the public base URL).</summary>
    public static string PathOf(this XElement element, string attribute, HotlineAppFactory app)
    {
        var url = element.Attribute(attribute)!.Value;
        Assert.StartsWith(app.PublicBaseUrl + "/telephony/twilio/", url, StringComparison.Ordinal);
        return url[app.PublicBaseUrl.Length..];
    }

    public static async Task<Call?> FindCallAsync(this HotlineAppFactory app, string callSid)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        return await db.Calls.Include(call => call.Events).AsNoTracking().FirstOrDefaultAsync(call => call.CallSid == callSid);
    }

    /// <summary>Greeting, menu choice, postal code (never asked of an urgent call): the caller ends up waiting in the queue.</summary>
    public static async Task<XElement> CallIntoQueueAsync(this HotlineAppFactory app, string callSid, string key, string postalCode, string from = "+33612345678")
    {
        await app.PostAsync("/telephony/twilio/voice", Fields(callSid, ("From", from)));
        var menu = await app.PostAsync("/telephony/twilio/menu?attempt=1", Fields(callSid, ("From", from), ("Digits", key)));
        if (key == "3")
        {
            return menu;
        }

        return await app.PostAsync("/telephony/twilio/postal-code?attempt=1", Fields(callSid, ("From", from), ("Digits", postalCode)));
    }

    public const string QueueSid = "QU0123456789abcdef0123456789abcdef";

    /// <summary>Twilio's first request to the wait URL, right after the Enqueue: it tells us the queue's sid.</summary>
    public static Task<XElement> FirstWaitAsync(this HotlineAppFactory app, string callSid) =>
        app.PostAsync("/telephony/twilio/wait", Fields(callSid, ("QueueSid", QueueSid), ("QueuePosition", "1"), ("QueueTime", "0")));
}
