using System.Globalization;
using System.Text.RegularExpressions;

namespace Hotline.Server.Telephony;

/// <summary>The fields of a Twilio voice webhook we use, bounded and typed. Never logged: From is personal.</summary>
public sealed partial record TwilioRequest(
    string? CallSid,
    string? From,
    string? Digits,
    string? SpeechResult,
    string? CallStatus,
    string? QueueResult,
    int? QueueTime,
    string? RecordingSid,
    string? RecordingUrl,
    int? RecordingDuration,
    string? RecordingStatus,
    string? QueueSid,
    string? DialCallStatus,
    string? IdempotencyToken,
    string? AnsweredBy = null)
{
    private const int MaxField = 256;

    public bool HasValidCallSid => CallSid is not null && CallSidPattern().IsMatch(CallSid);

    /// <summary>Twilio's answering-machine detection said a machine or a fax took the call (only when it was asked for).</summary>
    public bool AnsweredByMachine => AnsweredBy is not null && (AnsweredBy.StartsWith("machine", StringComparison.Ordinal) || AnsweredBy == "fax");

    public static TwilioRequest Parse(HttpRequest request)
    {
        var form = request.HasFormContentType ? request.Form : null;
        string? Field(string name)
        {
            var value = form?[name].ToString().Trim();
            return string.IsNullOrEmpty(value) ? null : value.Length > MaxField ? value[..MaxField] : value;
        }

        int? Number(string name) =>
            int.TryParse(Field(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0 ? n : null;

        var token = request.Headers["I-Twilio-Idempotency-Token"].ToString();
        return new TwilioRequest(
            Field("CallSid"),
            Field("From"),
            Field("Digits"),
            Field("SpeechResult"),
            Field("CallStatus")?.ToLowerInvariant(),
            Field("QueueResult")?.ToLowerInvariant(),
            Number("QueueTime"),
            // Stored (64 characters) and part of an idempotency key: anything but a recording SID is ignored.
            Field("RecordingSid") is { } recordingSid && RecordingSidPattern().IsMatch(recordingSid) ? recordingSid : null,
            Field("RecordingUrl"),
            Number("RecordingDuration"),
            Field("RecordingStatus")?.ToLowerInvariant(),
            Field("QueueSid") is { Length: <= 64 } queueSid && queueSid.StartsWith("QU", StringComparison.Ordinal) ? queueSid : null,
            Field("DialCallStatus")?.ToLowerInvariant(),
            string.IsNullOrEmpty(token) || token.Length > 128 ? null : token,
            Field("AnsweredBy")?.ToLowerInvariant());
    }

    [GeneratedRegex("^CA[0-9a-fA-F]{32}$")]
    private static partial Regex CallSidPattern();

    [GeneratedRegex("^RE[0-9a-zA-Z]{32}$")]
    private static partial Regex RecordingSidPattern();
}
