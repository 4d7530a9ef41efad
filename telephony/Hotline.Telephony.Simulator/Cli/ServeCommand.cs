using System.CommandLine;
using Hotline.Telephony.Simulator.Calls;
using Spectre.Console;

namespace Hotline.Telephony.Simulator.Cli;

/// <summary><c>serve</c>: the fake Twilio REST API alone, until Ctrl-C.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var common = new CommonOptions();
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1", DefaultValueFactory = _ => 5081 };
        var outboundHangupAfter = CommonOptions.DurationOption(
            "--outbound-hangup-after", "How long a call created with POST /Calls.json lasts", TimeSpan.FromMinutes(2));

        var command = new Command("serve", "Serve the subset of Twilio's REST API that Hotline calls (queues, members, calls, recordings, numbers)");
        common.AddTo(command);
        command.Options.Add(port);
        command.Options.Add(outboundHangupAfter);
        List<string> Validate(ParseResult result)
        {
            var errors = new List<string>();
            if (result.GetValue(port) is < 1 or > 65535)
            {
                errors.Add("--port must be a TCP port.");
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
            var options = common.Read(parse, outboundHangupAfter: parse.GetValue(outboundHangupAfter));
            await using var host = new SimulatorHost(options, new ConsoleTranscript(console, showCallSid: true));
            await host.StartRestApiAsync(parse.GetValue(port), cancellationToken);
            console.MarkupLineInterpolated($"API REST Twilio simulée sur [bold]{host.RestBaseUrl}[/] — compte {options.AccountSid}, Basic auth AccountSid:AuthToken");
            console.MarkupLineInterpolated($"[grey]Lancer Hotline avec Twilio__ApiBaseUrl={host.RestBaseUrl!.AbsoluteUri.TrimEnd('/')} ; les appels créés (POST /Calls.json) suivent leur TwiML sur {options.Endpoint.ServerBaseUrl}. Ctrl-C pour arrêter.[/]");
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                console.MarkupLine("[grey]Arrêt.[/]");
            }

            return 0;
        });
        return command;
    }
}
