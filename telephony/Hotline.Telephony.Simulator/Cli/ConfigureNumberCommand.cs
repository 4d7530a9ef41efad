using System.CommandLine;
using Hotline.Telephony.Simulator.Numbers;
using Hotline.Telephony.Simulator.Protocol;
using Spectre.Console;
using Twilio.Exceptions;

namespace Hotline.Telephony.Simulator.Cli;

/// <summary><c>configure-number</c>: point the Twilio number at Hotline (voice URL, fallback URL, status callback).</summary>
internal static class ConfigureNumberCommand
{
    public static Command Create()
    {
        static Option<string?> FromEnvironment(string name, string variable, string description) => new(name)
        {
            Description = $"{description}. Default: ${variable}",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : null,
        };

        var accountSid = FromEnvironment("--account-sid", "TWILIO_ACCOUNT_SID", "Twilio account SID (AC…)");
        var authToken = FromEnvironment("--auth-token", "TWILIO_AUTH_TOKEN", "Twilio auth token");
        var numberSid = FromEnvironment("--phone-number-sid", "TWILIO_PHONE_NUMBER_SID", "SID of the phone number (PN…)");
        var publicBase = FromEnvironment("--public-base-url", "HOTLINE_PUBLIC_BASE_URL", "Public base URL of Hotline, e.g. https://hotline.example.fr");
        var fallbackUrl = FromEnvironment("--fallback-url", "FALLBACK_URL", "Where telephony/fallback.xml is served (static hosting)");
        var fallbackMethod = new Option<string>("--fallback-method") { Description = "How Twilio requests the fallback URL", DefaultValueFactory = _ => "GET" };
        fallbackMethod.AcceptOnlyFromAmong("GET", "POST");
        var apiBase = CommonOptions.UrlOption(
            "--api-base-url", "Send the REST request there instead of api.twilio.com (e.g. the simulator's serve, http://127.0.0.1:5081)");

        var command = new Command("configure-number", "Set the Twilio phone number's voice URL, fallback URL and status callback through the REST API");
        foreach (var option in new Option[] { accountSid, authToken, numberSid, publicBase, fallbackUrl, fallbackMethod, apiBase })
        {
            command.Options.Add(option);
        }

        List<string> Validate(ParseResult result)
        {
            var errors = new List<string>();
            if (!Sids.IsValid(result.GetValue(accountSid), Sids.AccountPrefix))
            {
                errors.Add("--account-sid (TWILIO_ACCOUNT_SID) must be AC followed by 32 hexadecimal digits.");
            }

            if (string.IsNullOrEmpty(result.GetValue(authToken)))
            {
                errors.Add("--auth-token (TWILIO_AUTH_TOKEN) is required.");
            }

            if (!Sids.IsValid(result.GetValue(numberSid), Sids.PhoneNumberPrefix))
            {
                errors.Add("--phone-number-sid (TWILIO_PHONE_NUMBER_SID) must be PN followed by 32 hexadecimal digits.");
            }

            foreach (var option in new[] { publicBase, fallbackUrl })
            {
                if (!Uri.TryCreate(result.GetValue(option), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                {
                    errors.Add($"{option.Name} must be an absolute http(s) URL.");
                }
            }

            return errors;
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            if (CommandErrors.Report(Validate(parse)))
            {
                return 2;
            }

            var console = AnsiConsole.Console;
            var settings = new NumberSettings(
                parse.GetValue(accountSid)!,
                parse.GetValue(authToken)!,
                parse.GetValue(numberSid)!,
                new Uri(parse.GetValue(publicBase)!),
                new Uri(parse.GetValue(fallbackUrl)!),
                parse.GetValue(fallbackMethod)!);
            foreach (var url in new[] { settings.VoiceUrl, settings.FallbackUrl, settings.StatusCallbackUrl })
            {
                if (url.Scheme != "https" && !url.IsLoopback)
                {
                    console.MarkupLineInterpolated($"[yellow]Attention: {url} is not HTTPS; Twilio would send call data in clear text.[/]");
                }
            }

            try
            {
                var number = await NumberConfigurator.ApplyAsync(settings, parse.GetValue(apiBase), cancellationToken);
                console.MarkupLineInterpolated($"[green]{number.PhoneNumber} ({number.Sid}) configured:[/]");
                console.MarkupLineInterpolated($"  voice URL        {number.VoiceMethod} {number.VoiceUrl}");
                console.MarkupLineInterpolated($"  fallback URL     {number.VoiceFallbackMethod} {number.VoiceFallbackUrl}");
                console.MarkupLineInterpolated($"  status callback  {number.StatusCallbackMethod} {number.StatusCallback}");
                if (!string.IsNullOrEmpty(number.TrunkSid))
                {
                    console.MarkupLineInterpolated($"[yellow]The number belongs to SIP trunk {number.TrunkSid}: Twilio ignores its voice URLs until it is removed from the trunk.[/]");
                    return 1;
                }

                return 0;
            }
            catch (ApiException e)
            {
                console.MarkupLineInterpolated($"[red]Twilio refused the update: {e.Code} {e.Message} (HTTP {e.Status}) {e.MoreInfo}[/]");
                return 1;
            }
            catch (Exception e) when (e is Twilio.Exceptions.ApiConnectionException or HttpRequestException)
            {
                console.MarkupLineInterpolated($"[red]Could not reach the Twilio REST API: {e.Message}[/]");
                return 1;
            }
        });
        return command;
    }
}
