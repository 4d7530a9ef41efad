using System.CommandLine;
using System.CommandLine.Parsing;
using Hotline.Telephony.Simulator.Calls;
using Hotline.Telephony.Simulator.Protocol;

namespace Hotline.Telephony.Simulator.Cli;

/// <summary>Options shared by the commands that talk to a Hotline server.</summary>
internal sealed class CommonOptions
{
    /// <summary>A well-formed development account SID, used when TWILIO_ACCOUNT_SID is not set.</summary>
    public const string DevelopmentAccountSid = "AC00000000000000000000000000000000";

    public Option<Uri> Server { get; } = new("--server")
    {
        Description = "The Hotline server the webhooks are sent to",
        DefaultValueFactory = _ => new Uri("http://localhost:5080"),
    };

    public Option<Uri?> PublicBaseUrl { get; } = new("--public-base-url")
    {
        Description = "The public base URL Twilio would call (what is signed); requests still go to --server. Default: --server",
    };

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
        command.Validators.Add(Validate);
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

    private void Validate(CommandResult result)
    {
        if (string.IsNullOrEmpty(result.GetValue(AuthToken)))
        {
            result.AddError("--auth-token is required (or set TWILIO_AUTH_TOKEN): webhooks are signed with it.");
        }

        if (!Sids.IsValid(result.GetValue(AccountSid), Sids.AccountPrefix))
        {
            result.AddError("--account-sid must be AC followed by 32 hexadecimal digits.");
        }

        if (!IsHttpUrl(result.GetValue(Server)))
        {
            result.AddError("--server must be an absolute http(s) URL.");
        }

        if (result.GetValue(PublicBaseUrl) is { } publicBase && !IsHttpUrl(publicBase))
        {
            result.AddError("--public-base-url must be an absolute http(s) URL.");
        }

        if (result.GetValue(Speed) is not (> 0 and <= 1000))
        {
            result.AddError("--speed must be greater than 0 and at most 1000.");
        }
    }

    private static bool IsHttpUrl(Uri? url) => url is { IsAbsoluteUri: true, Scheme: "http" or "https" };

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
