namespace Hotline.Telephony.Simulator.Protocol;

/// <summary>The parameters Twilio sends with every voice request (the simulated calls and bench-webhooks share them).</summary>
public static class TwilioParameters
{
    public static List<KeyValuePair<string, string>> Voice(
        string accountSid, string callSid, string callStatus, string from, string to, string direction = "inbound", string? parentCallSid = null)
    {
        var anonymous = from is TwilioFormats.AnonymousCaller or "anonymous" or "Anonymous";
        var fromCountry = anonymous || !from.StartsWith("+33", StringComparison.Ordinal) ? string.Empty : "FR";
        var toCountry = to.StartsWith("+33", StringComparison.Ordinal) ? "FR" : string.Empty;
        var list = new List<KeyValuePair<string, string>>
        {
            new("AccountSid", accountSid),
            new("ApiVersion", TwilioFormats.ApiVersion),
            new("CallSid", callSid),
            new("CallStatus", callStatus),
            new("Called", to),
            new("CalledCity", string.Empty),
            new("CalledCountry", toCountry),
            new("CalledState", string.Empty),
            new("CalledZip", string.Empty),
            new("Caller", from),
            new("CallerCity", string.Empty),
            new("CallerCountry", fromCountry),
            new("CallerState", string.Empty),
            new("CallerZip", string.Empty),
            new("Direction", direction),
            new("From", from),
            new("FromCity", string.Empty),
            new("FromCountry", fromCountry),
            new("FromState", string.Empty),
            new("FromZip", string.Empty),
            new("To", to),
            new("ToCity", string.Empty),
            new("ToCountry", toCountry),
            new("ToState", string.Empty),
            new("ToZip", string.Empty),
        };
        if (parentCallSid is not null)
        {
            list.Add(new("ParentCallSid", parentCallSid));
        }

        return list;
    }
}
