using System.CommandLine;
using Hotline.Telephony.Simulator.Calls;
using Hotline.Telephony.Simulator.Protocol;
using Spectre.Console;

namespace Hotline.Telephony.Simulator.Cli;

/// <summary><c>call</c>: one simulated caller, printed as a conversation.</summary>
internal static class CallCommand
{
    public static Command Create()
    {
        var common = new CommonOptions();
        var digits = new Option<string[]>("--digits")
        {
            Description = "Keys for the first <Gather>s, in order (repeat the option for several menus: --digits 2 --digits 1)",
            DefaultValueFactory = _ => [],
        };
        var postalCode = new Option<string?>("--postal-code") { Description = "Postal code typed at the next <Gather>, followed by #" };
        var speech = new Option<string?>("--speech") { Description = "Words said at the next <Gather> that accepts speech" };
        var hangupAfter = CommonOptions.DurationOption("--hangup-after", "When the caller hangs up (from the first ring)", TimeSpan.FromSeconds(30));
        var from = new Option<string>("--from") { Description = "Caller's number", DefaultValueFactory = _ => "+33600000001" };
        var anonymous = new Option<bool>("--anonymous") { Description = $"Withheld caller ID (From={TwilioFormats.AnonymousCaller})" };
        var to = new Option<string>("--to") { Description = "Number called", DefaultValueFactory = _ => TwilioFormats.HotlineNumber };
        var fallback = new Option<string?>("--fallback")
        {
            Description = "The number's fallback: a URL, or a TwiML file such as telephony/fallback.xml, used when a webhook fails",
        };
        var fallbackMethod = new Option<string>("--fallback-method") { Description = "GET or POST for a fallback URL", DefaultValueFactory = _ => "GET" };
        fallbackMethod.AcceptOnlyFromAmong("GET", "POST");
        var repeatStatus = new Option<bool>("--repeat-status-callback")
        {
            Description = "Send the completed status callback twice with the same I-Twilio-Idempotency-Token (a Twilio retry)",
        };
        var servePort = new Option<int?>("--serve-port")
        {
            Description = "Also serve the Twilio REST API on 127.0.0.1:PORT while the call runs, so the server's dequeue reaches it",
        };
        var quiet = new Option<bool>("--no-webhooks") { Description = "Do not print each webhook request" };

        var command = new Command("call", "Place one simulated call to the Hotline server and follow its TwiML like Twilio");
        common.AddTo(command);
        foreach (var option in new Option[] { digits, postalCode, speech, hangupAfter, from, anonymous, to, fallback, fallbackMethod, repeatStatus, servePort, quiet })
        {
            command.Options.Add(option);
        }

        List<string> Validate(ParseResult result)
        {
            var errors = new List<string>();
            foreach (var keys in result.GetValue(digits) ?? [])
            {
                if (!CallScript.IsValidDtmf(keys))
                {
                    errors.Add($"--digits '{keys}': only 0-9, *, # and w (wait) can be pressed.");
                }
            }

            if (result.GetValue(postalCode) is { } code && !CallScript.IsValidDtmf(code))
            {
                errors.Add($"--postal-code '{code}': only digits can be typed on a phone.");
            }

            if (result.GetValue(anonymous) && result.GetResult(from) is { Implicit: false })
            {
                errors.Add("--from and --anonymous cannot be used together.");
            }

            if (result.GetValue(servePort) is { } port && port is < 1 or > 65535)
            {
                errors.Add("--serve-port must be a TCP port.");
            }

            return errors;
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            if (CommandErrors.Report(Validate(parse).Concat(common.Errors(parse))))
            {
                return 2;
            }

            var console = AnsiConsole.Console;
            var transcript = new ConsoleTranscript(console, showCallSid: parse.GetValue(servePort) is not null, showWebhooks: !parse.GetValue(quiet));
            var counter = new WebhookErrorCounter(transcript);
            var options = common.Read(parse);
            string? fallbackTwiml = null;
            Uri? fallbackUrl = null;
            if (parse.GetValue(fallback) is { } fallbackValue)
            {
                if (Uri.TryCreate(fallbackValue, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
                {
                    fallbackUrl = url;
                }
                else if (File.Exists(fallbackValue))
                {
                    fallbackTwiml = await File.ReadAllTextAsync(fallbackValue, cancellationToken);
                }
                else
                {
                    console.MarkupLineInterpolated($"[red]--fallback: '{fallbackValue}' is neither an http(s) URL nor a file.[/]");
                    return 2;
                }
            }

            await using var host = new SimulatorHost(options, counter);
            if (parse.GetValue(servePort) is { } port)
            {
                await host.StartRestApiAsync(port, cancellationToken);
                console.MarkupLineInterpolated($"[grey]API REST Twilio simulée sur {host.RestBaseUrl} (Twilio:ApiBaseUrl), compte {options.AccountSid}[/]");
            }

            var endpoint = options.Endpoint;
            console.MarkupLineInterpolated($"[grey]Webhooks vers {endpoint.ServerBaseUrl}, signés pour {endpoint.PublicBaseUrl}; l'appelant raccroche après {Durations.Format(parse.GetValue(hangupAfter))} (vitesse ×{options.Speed})[/]");
            var spec = new CallSpec
            {
                From = parse.GetValue(anonymous) ? TwilioFormats.AnonymousCaller : parse.GetValue(from)!,
                To = parse.GetValue(to)!,
                Url = endpoint.VoiceUrl,
                StatusCallback = endpoint.StatusCallbackUrl,
                FallbackUrl = fallbackUrl,
                FallbackMethod = parse.GetValue(fallbackMethod)!,
                FallbackTwiml = fallbackTwiml,
                HangupAfter = parse.GetValue(hangupAfter),
                RepeatStatusCallback = parse.GetValue(repeatStatus),
                Script = CallScript.From(parse.GetValue(digits) ?? [], parse.GetValue(postalCode), parse.GetValue(speech)),
            };
            var call = host.PlaceCall(spec, abort: cancellationToken);
            await call.Completion;
            if (counter.Errors > 0)
            {
                console.MarkupLineInterpolated($"[red]{counter.Errors} requête(s) webhook en échec.[/]");
                return 1;
            }

            return 0;
        });
        return command;
    }
}
