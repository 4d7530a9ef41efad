using System.Text.Encodings.Web;
using System.Text.Json;
using Hotline.Telephony.Simulator.Calls;
using Hotline.Telephony.Simulator.Exchange;
using Hotline.Telephony.Simulator.Protocol;

namespace Hotline.Telephony.Simulator.Rest;

/// <summary>Twilio's JSON shapes (snake_case, RFC 2822 dates, relative <c>uri</c>), as the Twilio SDK reads them.</summary>
internal static class TwilioResources
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // Twilio writes "+33…" and "+0000" as they are, not as \u002B.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string AccountPath(string accountSid) => $"/{TwilioFormats.ApiVersion}/Accounts/{accountSid}";

    public static object Queue(string accountSid, QueueView queue)
    {
        var uri = $"{AccountPath(accountSid)}/Queues/{queue.Sid}";
        return new QueueResource(
            queue.Sid,
            accountSid,
            queue.FriendlyName,
            queue.CurrentSize,
            queue.MaxSize,
            (int)Math.Round(queue.AverageWaitTime.TotalSeconds),
            TwilioFormats.Rfc2822(queue.DateCreated),
            TwilioFormats.Rfc2822(queue.DateUpdated),
            uri + ".json",
            new Dictionary<string, string> { ["members"] = uri + "/Members.json" });
    }

    public static object Member(string accountSid, QueueMemberView member) => new MemberResource(
        member.CallSid,
        member.QueueSid,
        TwilioFormats.Rfc2822(member.DateEnqueued),
        member.Position,
        (int)Math.Round(member.WaitTime.TotalSeconds),
        $"{AccountPath(accountSid)}/Queues/{member.QueueSid}/Members/{member.CallSid}.json");

    /// <param name="status">The status to report instead of the live one: a create answers "queued", as Twilio does,
    /// even when the simulated call has already started ringing.</param>
    public static object Call(SimulatedCall call, string? status = null)
    {
        var uri = $"{AccountPath(call.AccountSid)}/Calls/{call.Sid}";
        return new CallResource(
            call.Sid,
            call.AccountSid,
            call.ParentCallSid,
            TwilioFormats.Rfc2822(call.DateCreated),
            TwilioFormats.Rfc2822(call.EndTime ?? call.StartTime ?? call.DateCreated),
            call.To,
            call.To,
            call.From,
            call.From,
            call.Direction == "inbound" ? Sids.Derived(Sids.PhoneNumberPrefix, call.To) : null,
            status ?? call.Status,
            call.StartTime is { } start ? TwilioFormats.Rfc2822(start) : null,
            call.EndTime is { } end ? TwilioFormats.Rfc2822(end) : null,
            call.IsFinished ? TwilioFormats.Seconds(call.Duration) : null,
            null,
            "USD",
            call.Direction,
            null,
            TwilioFormats.ApiVersion,
            null,
            null,
            null,
            "0",
            null,
            uri + ".json",
            new Dictionary<string, string>
            {
                ["notifications"] = uri + "/Notifications.json",
                ["recordings"] = uri + "/Recordings.json",
                ["payments"] = uri + "/Payments.json",
                ["events"] = uri + "/Events.json",
                ["siprec"] = uri + "/Siprec.json",
                ["streams"] = uri + "/Streams.json",
                ["user_defined_message_subscriptions"] = uri + "/UserDefinedMessageSubscriptions.json",
                ["user_defined_messages"] = uri + "/UserDefinedMessages.json",
            });
    }

    public static object Recording(string accountSid, RecordingInfo recording) => new RecordingResource(
        recording.Sid,
        accountSid,
        recording.CallSid,
        TwilioFormats.Rfc2822(recording.DateCreated),
        TwilioFormats.Rfc2822(recording.DateCreated),
        TwilioFormats.Rfc2822(recording.DateCreated - recording.Duration),
        TwilioFormats.Seconds(recording.Duration),
        "completed",
        1,
        "RecordVerb",
        TwilioFormats.ApiVersion,
        $"{AccountPath(accountSid)}/Recordings/{recording.Sid}.json");

    public static object PhoneNumber(string accountSid, PhoneNumberConfig number) => new PhoneNumberResource(
        number.Sid,
        accountSid,
        number.PhoneNumber,
        number.PhoneNumber,
        number.VoiceUrl,
        number.VoiceMethod,
        number.VoiceFallbackUrl,
        number.VoiceFallbackMethod,
        number.StatusCallback,
        number.StatusCallbackMethod,
        TwilioFormats.Rfc2822(number.DateUpdated),
        TwilioFormats.Rfc2822(number.DateUpdated),
        TwilioFormats.ApiVersion,
        $"{AccountPath(accountSid)}/IncomingPhoneNumbers/{number.Sid}.json");

    /// <summary>A page of a list, in the form Twilio's 2010-04-01 API uses (items under a named key).</summary>
    public static Dictionary<string, object?> Page<T>(string key, string listPath, IReadOnlyList<T> items, int page, int pageSize, Func<T, object> map)
    {
        var slice = items.Skip(page * pageSize).Take(pageSize).Select(map).ToList();
        var last = Math.Max(0, (items.Count - 1) / pageSize);
        string PageUri(int p) => $"{listPath}?PageSize={pageSize}&Page={p}";
        return new Dictionary<string, object?>
        {
            [key] = slice,
            ["end"] = page * pageSize + Math.Max(0, slice.Count - 1),
            ["first_page_uri"] = PageUri(0),
            ["next_page_uri"] = page < last ? PageUri(page + 1) : null,
            ["page"] = page,
            ["page_size"] = pageSize,
            ["previous_page_uri"] = page > 0 ? PageUri(page - 1) : null,
            ["start"] = page * pageSize,
            ["uri"] = PageUri(page),
        };
    }

    public static object Error(int code, string message, int status) => new ErrorResource(code, message, $"https://www.twilio.com/docs/errors/{code}", status);

    private sealed record QueueResource(
        string Sid,
        string AccountSid,
        string FriendlyName,
        int CurrentSize,
        int MaxSize,
        int AverageWaitTime,
        string DateCreated,
        string DateUpdated,
        string Uri,
        Dictionary<string, string> SubresourceUris);

    private sealed record MemberResource(string CallSid, string QueueSid, string DateEnqueued, int Position, int WaitTime, string Uri);

    private sealed record CallResource(
        string Sid,
        string AccountSid,
        string? ParentCallSid,
        string DateCreated,
        string DateUpdated,
        string To,
        string ToFormatted,
        string From,
        string FromFormatted,
        string? PhoneNumberSid,
        string Status,
        string? StartTime,
        string? EndTime,
        string? Duration,
        string? Price,
        string PriceUnit,
        string Direction,
        string? AnsweredBy,
        string ApiVersion,
        string? ForwardedFrom,
        string? GroupSid,
        string? CallerName,
        string QueueTime,
        string? TrunkSid,
        string Uri,
        Dictionary<string, string> SubresourceUris);

    private sealed record RecordingResource(
        string Sid,
        string AccountSid,
        string CallSid,
        string DateCreated,
        string DateUpdated,
        string StartTime,
        string Duration,
        string Status,
        int Channels,
        string Source,
        string ApiVersion,
        string Uri);

    private sealed record PhoneNumberResource(
        string Sid,
        string AccountSid,
        string PhoneNumber,
        string FriendlyName,
        string? VoiceUrl,
        string VoiceMethod,
        string? VoiceFallbackUrl,
        string VoiceFallbackMethod,
        string? StatusCallback,
        string StatusCallbackMethod,
        string DateCreated,
        string DateUpdated,
        string ApiVersion,
        string Uri);

    private sealed record ErrorResource(int Code, string Message, string MoreInfo, int Status);
}
