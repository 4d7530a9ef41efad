using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Hotline.Telephony.Simulator.Twiml;

/// <summary>Thrown when a webhook answers with something that is not TwiML (Twilio error 12100).</summary>
public sealed class TwimlParseException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Parses the TwiML a webhook returns, with Twilio's defaults for missing attributes.</summary>
public static class TwimlParser
{
    public static TwimlDocument Parse(string xml)
    {
        if (string.IsNullOrWhiteSpace(xml))
        {
            throw new TwimlParseException("Empty document: Twilio expects a <Response> (error 12100).");
        }

        XDocument document;
        try
        {
            document = XDocument.Parse(xml, LoadOptions.None);
        }
        catch (XmlException e)
        {
            throw new TwimlParseException($"Not well-formed XML (error 12100): {e.Message}", e);
        }

        var root = document.Root!;
        if (root.Name.LocalName != "Response")
        {
            throw new TwimlParseException($"The root element is <{root.Name.LocalName}>, not <Response> (error 12100).");
        }

        return new TwimlDocument(root.Elements().Select(ParseVerb).ToList());
    }

    private static TwimlVerb ParseVerb(XElement e) => e.Name.LocalName switch
    {
        "Say" => new SayVerb(Text(e), Attr(e, "voice"), Attr(e, "language"), Int(e, "loop", 1)),
        "Play" => new PlayVerb(NullIfEmpty(Text(e)), Int(e, "loop", 1), Attr(e, "digits")),
        "Pause" => new PauseVerb(Int(e, "length", 1)),
        "Gather" => ParseGather(e),
        "Redirect" => new RedirectVerb(RequiredText(e), Method(e, "method")),
        "Record" => new RecordVerb(
            Attr(e, "action"),
            Method(e, "method"),
            Int(e, "maxLength", 3600),
            Int(e, "timeout", 5),
            Attr(e, "finishOnKey") ?? "1234567890*#",
            Bool(e, "playBeep", true),
            Attr(e, "recordingStatusCallback"),
            Method(e, "recordingStatusCallbackMethod")),
        "Enqueue" => new EnqueueVerb(
            RequiredText(e),
            Attr(e, "action"),
            Method(e, "method"),
            Attr(e, "waitUrl"),
            Method(e, "waitUrlMethod")),
        "Dial" => ParseDial(e),
        "Hangup" => new HangupVerb(),
        "Reject" => new RejectVerb(Attr(e, "reason") ?? "rejected"),
        "Leave" => new LeaveVerb(),
        var other => new UnsupportedVerb(other),
    };

    private static GatherVerb ParseGather(XElement e)
    {
        var input = GatherInput.None;
        foreach (var part in (Attr(e, "input") ?? "dtmf").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            input |= part switch
            {
                "dtmf" => GatherInput.Dtmf,
                "speech" => GatherInput.Speech,
                _ => throw new TwimlParseException($"<Gather input=\"{part}\">: expected dtmf and/or speech."),
            };
        }

        var prompts = e.Elements().Select(ParseVerb).ToList();
        var misplaced = prompts.FirstOrDefault(p => p is not (SayVerb or PlayVerb or PauseVerb));
        if (misplaced is not null)
        {
            throw new TwimlParseException($"<{misplaced.Name}> cannot be nested in <Gather> (only Say, Play, Pause).");
        }

        var numDigits = Attr(e, "numDigits");
        return new GatherVerb(
            Attr(e, "action"),
            Method(e, "method"),
            Int(e, "timeout", 5),
            Attr(e, "finishOnKey") ?? "#",
            numDigits is null ? null : ParseInt(e, "numDigits", numDigits),
            input,
            Bool(e, "actionOnEmptyResult", false),
            Attr(e, "language"),
            prompts);
    }

    private static DialVerb ParseDial(XElement e)
    {
        var targets = new List<DialTarget>();
        var inline = string.Concat(e.Nodes().OfType<XText>().Select(t => t.Value)).Trim();
        if (inline.Length > 0)
        {
            targets.Add(new DialTarget(DialTargetKind.Number, inline));
        }

        foreach (var noun in e.Elements())
        {
            var kind = noun.Name.LocalName switch
            {
                "Number" => DialTargetKind.Number,
                "Client" => DialTargetKind.Client,
                "Sip" => DialTargetKind.Sip,
                "Queue" => DialTargetKind.Queue,
                "Conference" => DialTargetKind.Conference,
                var other => throw new TwimlParseException($"<{other}> is not a noun of <Dial>."),
            };
            var value = noun.Elements("Identity").FirstOrDefault()?.Value.Trim() ?? noun.Value.Trim();
            targets.Add(new DialTarget(kind, value, Attr(noun, "url"), Method(noun, "method")));
        }

        if (targets.Count == 0)
        {
            throw new TwimlParseException("<Dial> has nothing to dial.");
        }

        return new DialVerb(Attr(e, "action"), Method(e, "method"), Int(e, "timeout", 30), Attr(e, "callerId"), targets);
    }

    private static string? Attr(XElement e, string name) => e.Attribute(name)?.Value;

    private static string Text(XElement e) => e.Value.Trim();

    private static string RequiredText(XElement e)
    {
        var text = Text(e);
        return text.Length > 0 ? text : throw new TwimlParseException($"<{e.Name.LocalName}> is empty.");
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private static string Method(XElement e, string name)
    {
        var value = Attr(e, name);
        return value is null ? "POST" : value.ToUpperInvariant() switch
        {
            "GET" => "GET",
            "POST" => "POST",
            _ => throw new TwimlParseException($"<{e.Name.LocalName} {name}=\"{value}\">: expected GET or POST."),
        };
    }

    private static int Int(XElement e, string name, int fallback)
    {
        var value = Attr(e, name);
        return value is null ? fallback : ParseInt(e, name, value);
    }

    private static int ParseInt(XElement e, string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var result)
            ? result
            : throw new TwimlParseException($"<{e.Name.LocalName} {name}=\"{value}\">: expected a whole number.");

    private static bool Bool(XElement e, string name, bool fallback) => Attr(e, name)?.ToLowerInvariant() switch
    {
        null => fallback,
        "true" => true,
        "false" => false,
        var value => throw new TwimlParseException($"<{e.Name.LocalName} {name}=\"{value}\">: expected true or false."),
    };
}
