// Long file: the simulated Twilio REST resources (queues, calls, recordings, numbers) as one route table with Twilio's error shapes.
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Hotline.Telephony.Simulator.Calls;
using Hotline.Telephony.Simulator.Protocol;
using Hotline.Telephony.Simulator.Twiml;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Hotline.Telephony.Simulator.Rest;

/// <summary>
/// The part of Twilio's REST API (2010-04-01) the Hotline server calls: queues and their members (dequeue a
/// given caller), calls (create, fetch, redirect, end), recordings (delete), and the phone number's voice
/// configuration. Basic auth with AccountSid:AuthToken, JSON and errors shaped like Twilio's.
/// </summary>
public static class TwilioRestApi
{
    private static readonly string[] _numberUrlFields = ["VoiceUrl", "VoiceFallbackUrl", "StatusCallback"];
    private static readonly string[] _numberMethodFields = ["VoiceMethod", "VoiceFallbackMethod", "StatusCallbackMethod"];

    public static WebApplication Build(SimulatorHost host, int port)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = "Production",
        });
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Logging.ClearProviders();

        var app = builder.Build();
        var account = app.MapGroup("/2010-04-01/Accounts/{accountSid}")
            .AddEndpointFilter((context, next) => Authenticate(context, next, host));
        MapQueues(account, host);
        MapCalls(account, host);
        MapRecordingsAndNumbers(account, host);
        app.MapFallback((HttpContext http) => NotFound(http));
        return app;
    }

    private static async ValueTask<object?> Authenticate(EndpointFilterInvocationContext context, EndpointFilterDelegate next, SimulatorHost host)
    {
        var http = context.HttpContext;
        if (!IsAuthorized(http.Request.Headers.Authorization.ToString(), host.Options))
        {
            http.Response.Headers.WWWAuthenticate = "Basic realm=\"Twilio API\"";
            return Error(20003, "Authenticate", StatusCodes.Status401Unauthorized);
        }

        if (http.GetRouteValue("accountSid") as string != host.Options.AccountSid)
        {
            return NotFound(http);
        }

        return await next(context);
    }

    internal static bool IsAuthorized(string authorization, SimulatorOptions options)
    {
        if (!authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization["Basic ".Length..].Trim()));
        }
        catch (FormatException)
        {
            return false;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return false;
        }

        var expected = Encoding.UTF8.GetBytes(options.AccountSid + ":" + options.AuthToken);
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(decoded), expected);
    }

    // ---- Queues ----

    private static void MapQueues(RouteGroupBuilder account, SimulatorHost host)
    {
        var board = host.Switchboard;
        var sid = host.Options.AccountSid;

        account.MapGet("/Queues.json", (HttpContext http) =>
            Ok(TwilioResources.Page("queues", $"{TwilioResources.AccountPath(sid)}/Queues.json", board.Queues(), PageOf(http), PageSizeOf(http), q => TwilioResources.Queue(sid, q))));

        account.MapPost("/Queues.json", async (HttpContext http) =>
        {
            var form = await http.Request.ReadFormAsync();
            var name = form["FriendlyName"].ToString();
            if (string.IsNullOrWhiteSpace(name) || name.Length > 64)
            {
                return Error(20001, "Missing required parameter FriendlyName in the post body (at most 64 characters)", 400);
            }

            if (!TryMaxSize(form["MaxSize"].ToString(), out var maxSize))
            {
                return Error(20001, "MaxSize must be a whole number from 1 to 5000", 400);
            }

            if (!board.TryCreateQueue(name, maxSize, out var queue))
            {
                return Error(22003, $"A queue named {name} already exists", 400);
            }

            return Created(TwilioResources.Queue(sid, board.View(queue)));
        });

        account.MapGet("/Queues/{queueSid}.json", (HttpContext http, string queueSid) =>
            board.FindQueue(queueSid) is { } queue ? Ok(TwilioResources.Queue(sid, board.View(queue))) : NotFound(http));

        account.MapPost("/Queues/{queueSid}.json", async (HttpContext http, string queueSid) =>
        {
            if (board.FindQueue(queueSid) is not { } queue)
            {
                return NotFound(http);
            }

            var form = await http.Request.ReadFormAsync();
            if (form.ContainsKey("MaxSize"))
            {
                if (!TryMaxSize(form["MaxSize"].ToString(), out var maxSize) || maxSize is null)
                {
                    return Error(20001, "MaxSize must be a whole number from 1 to 5000", 400);
                }

                board.UpdateQueue(queue, maxSize.Value);
            }

            return Ok(TwilioResources.Queue(sid, board.View(queue)));
        });

        account.MapDelete("/Queues/{queueSid}.json", (HttpContext http, string queueSid) =>
        {
            if (board.FindQueue(queueSid) is not { } queue)
            {
                return NotFound(http);
            }

            return board.DeleteQueue(queue) ? Results.NoContent() : Error(20009, "Cannot delete a queue that has members", 400);
        });

        account.MapGet("/Queues/{queueSid}/Members.json", (HttpContext http, string queueSid) =>
            board.FindQueue(queueSid) is { } queue
                ? Ok(TwilioResources.Page("queue_members", $"{TwilioResources.AccountPath(sid)}/Queues/{queueSid}/Members.json", board.Members(queue), PageOf(http), PageSizeOf(http), m => TwilioResources.Member(sid, m)))
                : NotFound(http));

        account.MapGet("/Queues/{queueSid}/Members/{callSid}.json", (HttpContext http, string queueSid, string callSid) =>
            board.FindQueue(queueSid) is { } queue && board.FindMember(queue, callSid) is { } member
                ? Ok(TwilioResources.Member(sid, board.MemberView(member)))
                : NotFound(http));

        // Dequeue one caller (or the front one with "Front") and have its call follow the TwiML at Url.
        account.MapPost("/Queues/{queueSid}/Members/{callSid}.json", async (HttpContext http, string queueSid, string callSid) =>
        {
            var form = await http.Request.ReadFormAsync();
            if (!TryUrl(form["Url"].ToString(), out var url))
            {
                return Error(21205, "Url is not a valid URL: " + form["Url"], 400);
            }

            if (!TryMethod(form["Method"].ToString(), out var method))
            {
                return Error(21201, "Method must be GET or POST", 400);
            }

            if (board.FindQueue(queueSid) is not { } queue || board.FindMember(queue, callSid) is not { } member)
            {
                return NotFound(http);
            }

            var view = board.MemberView(member);
            if (!board.TryDequeue(member, new RedirectControl(url, method, "dequeue")))
            {
                return NotFound(http);
            }

            return Ok(TwilioResources.Member(sid, view));
        });
    }

    // ---- Calls ----

    private static void MapCalls(RouteGroupBuilder account, SimulatorHost host)
    {
        var board = host.Switchboard;
        var sid = host.Options.AccountSid;

        account.MapGet("/Calls.json", (HttpContext http) =>
        {
            var calls = board.Calls().AsEnumerable();
            if (http.Request.Query["Status"].ToString() is { Length: > 0 } status)
            {
                calls = calls.Where(c => c.Status == status);
            }

            var list = calls.OrderByDescending(c => c.DateCreated).ToList();
            return Ok(TwilioResources.Page("calls", $"{TwilioResources.AccountPath(sid)}/Calls.json", list, PageOf(http), PageSizeOf(http), call => TwilioResources.Call(call)));
        });

        account.MapPost("/Calls.json", async (HttpContext http) =>
        {
            var form = await http.Request.ReadFormAsync();
            var to = form["To"].ToString();
            var from = form["From"].ToString();
            if (to.Length == 0)
            {
                return Error(21201, "No 'To' number is specified", 400);
            }

            if (from.Length == 0)
            {
                return Error(21213, "No 'From' number is specified", 400);
            }

            var twiml = form["Twiml"].ToString();
            Uri? url = null;
            if (twiml.Length == 0 && !TryUrl(form["Url"].ToString(), out url))
            {
                return Error(21205, "Url is not a valid URL: " + form["Url"], 400);
            }

            if (twiml.Length > 0 && !IsTwiml(twiml, out var twimlError))
            {
                return Error(21220, "Invalid Twiml: " + twimlError, 400);
            }

            if (!TryMethod(form["Method"].ToString(), out var method) || !TryMethod(form["StatusCallbackMethod"].ToString(), out var callbackMethod))
            {
                return Error(21201, "Method must be GET or POST", 400);
            }

            Uri? statusCallback = null;
            if (form["StatusCallback"].ToString() is { Length: > 0 } callback && !TryUrl(callback, out statusCallback))
            {
                return Error(21609, "StatusCallback is not a valid URL: " + callback, 400);
            }

            var events = form["StatusCallbackEvent"].SelectMany(e => (e ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToHashSet(StringComparer.Ordinal);
            if (events.Count == 0)
            {
                events.Add("completed");
            }

            var call = host.PlaceCall(new CallSpec
            {
                From = from,
                To = to,
                Direction = "outbound-api",
                Url = url,
                Method = method,
                Twiml = twiml.Length > 0 ? twiml : null,
                StatusCallback = statusCallback,
                StatusCallbackMethod = callbackMethod,
                StatusCallbackEvents = events,
                HangupAfter = host.Options.OutboundHangupAfter,
            });
            return Created(TwilioResources.Call(call, status: "queued"));
        });

        account.MapGet("/Calls/{callSid}.json", (HttpContext http, string callSid) =>
            board.FindCall(callSid) is { } call ? Ok(TwilioResources.Call(call)) : NotFound(http));

        // Redirect a live call (Url or Twiml) or end it (Status=completed/canceled).
        account.MapPost("/Calls/{callSid}.json", async (HttpContext http, string callSid) =>
        {
            if (board.FindCall(callSid) is not { } call)
            {
                return NotFound(http);
            }

            var form = await http.Request.ReadFormAsync();
            var status = form["Status"].ToString();
            var twiml = form["Twiml"].ToString();
            var urlText = form["Url"].ToString();
            if (!TryMethod(form["Method"].ToString(), out var method))
            {
                return Error(21201, "Method must be GET or POST", 400);
            }

            CallControl control;
            if (status.Length > 0)
            {
                if (status is not ("completed" or "canceled"))
                {
                    return Error(21218, "Status must be completed or canceled", 400);
                }

                if (call.IsFinished)
                {
                    return Ok(TwilioResources.Call(call));
                }

                control = new EndControl(status);
            }
            else if (twiml.Length > 0)
            {
                if (!IsTwiml(twiml, out var twimlError))
                {
                    return Error(21220, "Invalid Twiml: " + twimlError, 400);
                }

                control = new TwimlControl(TwimlParser.Parse(twiml), host.Options.Endpoint.VoiceUrl);
            }
            else if (TryUrl(urlText, out var url))
            {
                control = new RedirectControl(url, method, "call-update");
            }
            else
            {
                return Error(21205, "Url, Twiml or Status is required", 400);
            }

            if (!call.TryControl(control))
            {
                return Error(21220, "Call is not in-progress. Cannot redirect.", 400);
            }

            return Ok(TwilioResources.Call(call));
        });
    }

    // ---- Recordings, phone numbers ----

    private static void MapRecordingsAndNumbers(RouteGroupBuilder account, SimulatorHost host)
    {
        var board = host.Switchboard;
        var sid = host.Options.AccountSid;

        account.MapGet("/Recordings/{recordingSid}.json", (HttpContext http, string recordingSid) =>
            board.FindRecording(recordingSid) is { } recording ? Ok(TwilioResources.Recording(sid, recording)) : NotFound(http));

        account.MapDelete("/Recordings/{recordingSid}.json", (HttpContext http, string recordingSid) =>
            board.DeleteRecording(recordingSid) ? Results.NoContent() : NotFound(http));

        account.MapGet("/IncomingPhoneNumbers/{numberSid}.json", (HttpContext http, string numberSid) =>
            board.FindNumber(numberSid) is { } number ? Ok(TwilioResources.PhoneNumber(sid, number)) : NotFound(http));

        account.MapPost("/IncomingPhoneNumbers/{numberSid}.json", async (HttpContext http, string numberSid) =>
        {
            if (!Sids.IsValid(numberSid, Sids.PhoneNumberPrefix))
            {
                return NotFound(http);
            }

            var form = await http.Request.ReadFormAsync();
            foreach (var field in _numberUrlFields)
            {
                if (form[field].ToString() is { Length: > 0 } value && !TryUrl(value, out _))
                {
                    return Error(21502, $"{field} is not a valid URL: {value}", 400);
                }
            }

            foreach (var field in _numberMethodFields)
            {
                if (!TryMethod(form[field].ToString(), out _))
                {
                    return Error(21201, $"{field} must be GET or POST", 400);
                }
            }

            string? Field(string name, string? current) => form.ContainsKey(name) ? form[name].ToString() : current;
            var updated = board.UpdateNumber(numberSid, current => current with
            {
                VoiceUrl = Field("VoiceUrl", current.VoiceUrl),
                VoiceMethod = Field("VoiceMethod", current.VoiceMethod)!,
                VoiceFallbackUrl = Field("VoiceFallbackUrl", current.VoiceFallbackUrl),
                VoiceFallbackMethod = Field("VoiceFallbackMethod", current.VoiceFallbackMethod)!,
                StatusCallback = Field("StatusCallback", current.StatusCallback),
                StatusCallbackMethod = Field("StatusCallbackMethod", current.StatusCallbackMethod)!,
                DateUpdated = board.Clock.UtcNow,
            });
            return Ok(TwilioResources.PhoneNumber(sid, updated));
        });
    }

    // ---- Helpers ----

    private static IResult Ok(object body) => Results.Json(body, TwilioResources.Json);

    private static IResult Created(object body) => Results.Json(body, TwilioResources.Json, statusCode: StatusCodes.Status201Created);

    private static IResult Error(int code, string message, int status) =>
        Results.Json(TwilioResources.Error(code, message, status), TwilioResources.Json, statusCode: status);

    private static IResult NotFound(HttpContext http) =>
        Error(20404, $"The requested resource {http.Request.Path} was not found", StatusCodes.Status404NotFound);

    private static int PageOf(HttpContext http) =>
        int.TryParse(http.Request.Query["Page"], NumberStyles.None, CultureInfo.InvariantCulture, out var page) ? page : 0;

    private static int PageSizeOf(HttpContext http) =>
        int.TryParse(http.Request.Query["PageSize"], NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size is > 0 and <= 1000 ? size : 50;

    private static bool TryUrl(string text, out Uri url) =>
        Uri.TryCreate(text, UriKind.Absolute, out url!) && url.Scheme is "http" or "https";

    private static bool TryMethod(string text, out string method)
    {
        method = text.Length == 0 ? "POST" : text.ToUpperInvariant();
        return method is "GET" or "POST";
    }

    private static bool TryMaxSize(string text, out int? maxSize)
    {
        maxSize = null;
        if (text.Length == 0)
        {
            return true;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 1 and <= 5000)
        {
            maxSize = value;
            return true;
        }

        return false;
    }

    private static bool IsTwiml(string twiml, out string error)
    {
        try
        {
            TwimlParser.Parse(twiml);
            error = string.Empty;
            return true;
        }
        catch (TwimlParseException e)
        {
            error = e.Message;
            return false;
        }
    }
}
