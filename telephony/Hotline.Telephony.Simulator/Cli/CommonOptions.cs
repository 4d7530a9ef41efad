using System.CommandLine;
using Hotline.Telephony.Simulator.Calls;
using Hotline.Telephony.Simulator.Protocol;

namespace Hotline.Telephony.Simulator.Cli;

/// <summary>Options shared by the commands that talk to a Hotline server.</summary>
internal sealed class CommonOptions
{
    /// <summary>A well-formed development account SID, used when TWILIO_ACCOUNT_SID is not set.</summary>
    public const string DevelopmentAccountSid = "AC00000000000000000000000000000000";

    public Option<Uri?> Server { get; } = UrlOption(
        "--server", "The Hotline server the webhooks are sent to", new Uri("http://localhost:5080"));

    public Option<Uri?> PublicBaseUrl { get; } = UrlOption(
        "--public-base-url", "The public base URL Twilio would call (what is signed); requests still go to --server. Default: --server");

    public Option<string?> AuthToken { get; } = new("--auth-token")
    {
        Description = "Twilio auth token used to sign webhooks (and to check REST Basic auth). Default: $TWILIO_AUTH_TOKEN",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("TWILIO_AUTH_TOKEN"),
    };

    public Option<string> AccountSid { get; } = new("--account-sid")
    {
        Description = "Account SID sent in webhooks and expected by the REST API. Default: $TWILIO_ACCOUNT_SID or " + DevelopmentAccountSid,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("TWILIO_ACCOUNT_SID") is { Length: > 0 } sid ? sid : DevelopmentAccountSid,
    };

    public Option<double> Speed { get; } = new("--speed")
    {
        Description = "Simulated time runs this many times faster than real time (speech, pauses, timeouts, hang-up)",
        DefaultValueFactory = _ => 1,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Server);
        command.Options.Add(PublicBaseUrl);
        command.Options.Add(AuthToken);
        command.Options.Add(AccountSid);
        command.Options.Add(Speed);
    }

    public SimulatorOptions Read(ParseResult result, int maxConnections = 64, TimeSpan? outboundHangupAfter = null) => new()
    {
        AccountSid = result.GetValue(AccountSid)!,
        AuthToken = result.GetValue(AuthToken)!,
        Endpoint = new HotlineEndpoint(result.GetValue(Server)!, result.GetValue(PublicBaseUrl)),
        Speed = result.GetValue(Speed),
        MaxConnections = maxConnections,
        OutboundHangupAfter = outboundHangupAfter ?? TimeSpan.FromMinutes(2),
    };

    public List<string> Errors(ParseResult result)
    {
        var errors = new List<string>();
        if (string.IsNullOrEmpty(result.GetValue(AuthToken)))
        {
            errors.Add("--auth-token is required (or set TWILIO_AUTH_TOKEN): webhooks are signed with it.");
        }

        if (!Sids.IsValid(result.GetValue(AccountSid), Sids.AccountPrefix))
        {
            errors.Add("--account-sid must be AC followed by 32 hexadecimal digits.");
        }

        if (result.GetValue(Speed) is not (> 0 and <= 1000))
        {
            errors.Add("--speed must be greater than 0 and at most 1000.");
        }

        return errors;
    }

    /// <summary>An absolute http(s) URL option (System.CommandLine does not convert Uri by itself).</summary>
    public static Option<Uri?> UrlOption(string name, string description, Uri? defaultValue = null) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = argument =>
        {
            var text = argument.Tokens.Count > 0 ? argument.Tokens[0].Value : null;
            if (Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
            {
                return url;
            }

            argument.AddError($"{name}: '{text}' is not an absolute http(s) URL.");
            return null;
        },
    };

    public static Option<TimeSpan> DurationOption(string name, string description, TimeSpan defaultValue) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = argument =>
        {
            var text = argument.Tokens.Count > 0 ? argument.Tokens[0].Value : null;
            if (Durations.TryParse(text, out var duration) && duration > TimeSpan.Zero)
            {
                return duration;
            }

            argument.AddError($"{name}: '{text}' is not a duration (e.g. 30s, 2m, 1m30s).");
            return default;
        },
    };
}
