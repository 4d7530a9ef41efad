using System.Net.Mime;
using Hotline.Server.LiveConsole;
using Microsoft.AspNetCore.Http.HttpResults;
using Twilio.TwiML;

namespace Hotline.Server.Telephony;

/// <summary>
/// Twilio's voice webhooks. The number is configured with /voice and /status; every other step is
/// reached through URLs in our TwiML. All are anonymous but signature-checked.
/// </summary>
internal static class TelephonyEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapPost("/voice", (HttpRequest http, CallFlow flow) => Twiml(http, request => flow.IncomingAsync(request)));
        group.MapPost("/menu", (HttpRequest http, CallFlow flow, string? attempt) => Twiml(http, request => flow.MenuAsync(request, Attempt(attempt))));
        group.MapPost("/postal-code", (HttpRequest http, CallFlow flow, string? attempt) => Twiml(http, request => flow.PostalCodeAsync(request, Attempt(attempt))));
        group.MapPost("/wait", (HttpRequest http, CallFlow flow) => Twiml(http, request => flow.WaitAsync(request)));
        group.MapPost("/wait-choice", (HttpRequest http, CallFlow flow) => Twiml(http, request => flow.WaitChoiceAsync(request)));
        group.MapPost("/queue-result", (HttpRequest http, CallFlow flow) => Twiml(http, request => flow.QueueResultAsync(request)));
        group.MapPost("/message-choice", (HttpRequest http, CallFlow flow, string? attempt) => Twiml(http, request => flow.MessageChoiceAsync(request, Attempt(attempt))));
        group.MapPost("/voicemail", (HttpRequest http, CallFlow flow) => Twiml(http, request => flow.VoicemailDoneAsync(request)));
        group.MapPost("/connect", (HttpRequest http, CallFlow flow, CallConnector connector, string? counsellor) => Twiml(http, request =>
            Guid.TryParse(counsellor, out var id) ? flow.ConnectAsync(request, id, connector) : Task.FromResult(flow.SafetyNet(waiting: false))));
        group.MapPost("/callback-status", (HttpRequest http, ConsoleService console, string? item, string? counsellor) => Acknowledge(http, request =>
            Guid.TryParse(item, out var itemId) && Guid.TryParse(counsellor, out var counsellorId)
                ? CallbackStatusAsync(console, request, itemId, counsellorId, http.HttpContext.RequestAborted)
                : Task.CompletedTask));
        group.MapPost("/dial-result", (HttpRequest http, CallFlow flow) => Twiml(http, request => flow.DialResultAsync(request)));
        group.MapPost("/recording", (HttpRequest http, CallFlow flow) => Acknowledge(http, request => flow.RecordingAsync(request)));
        group.MapPost("/status", (HttpRequest http, CallFlow flow) => Acknowledge(http, request => flow.StatusAsync(request)));
    }

    /// <summary>The outbound callback ended: answered means the item is done; otherwise it returns to the board.</summary>
    private static Task CallbackStatusAsync(ConsoleService console, TwilioRequest request, Guid itemId, Guid counsellorId, CancellationToken cancellationToken) =>
        request.CallStatus switch
        {
            "completed" => console.FinishWorkItemAsync(counsellorId, itemId, cancellationToken),
            "busy" or "no-answer" or "failed" or "canceled" => console.ReleaseWorkItemAsync(itemId, counsellorId, "callback-unanswered", cancellationToken),
            _ => Task.CompletedTask,
        };

    /// <summary>Which try of a menu this is (1 or 2); anything unreadable counts as the first.</summary>
    private static int Attempt(string? attempt) =>
        int.TryParse(attempt, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
            ? Math.Clamp(n, 1, 2)
            : 1;

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> Twiml(HttpRequest http, Func<TwilioRequest, Task<VoiceResponse>> step)
    {
        var request = TwilioRequest.Parse(http);
        if (!request.HasValidCallSid)
        {
            return MissingCallSid();
        }

        VoiceResponse response;
        try
        {
            response = await step(request);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A bug must not cost a caller: answer TwiML that keeps them on the line.
            var flow = http.HttpContext.RequestServices.GetRequiredService<CallFlow>();
            http.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TelephonyEndpoints))
                .LogError(exception, "Telephony step {Path} failed for call {CallSid}; caller kept on the line", http.Path.Value, request.CallSid);
            response = flow.SafetyNet(waiting: http.Path.Value?.EndsWith("/wait", StringComparison.Ordinal) == true);
        }

        return TypedResults.Content(response.ToString(), MediaTypeNames.Application.Xml, System.Text.Encoding.UTF8);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Acknowledge(HttpRequest http, Func<TwilioRequest, Task> apply)
    {
        var request = TwilioRequest.Parse(http);
        if (!request.HasValidCallSid)
        {
            return MissingCallSid();
        }

        await apply(request);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult MissingCallSid() =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "CallSid is missing or malformed.");
}
