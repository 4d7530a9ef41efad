using System.Net.Mime;
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
        group.MapPost("/voice", (HttpRequest http, IvrSteps ivr) => Twiml(http, ivr.IncomingAsync));
        group.MapPost("/menu", (HttpRequest http, IvrSteps ivr, string? attempt) => Twiml(http, request => ivr.MenuAsync(request, Attempt(attempt))));
        group.MapPost("/postal-code", (HttpRequest http, IvrSteps ivr, string? attempt) => Twiml(http, request => ivr.PostalCodeAsync(request, Attempt(attempt))));
        group.MapPost("/wait", (HttpRequest http, QueueWait wait) => Twiml(http, wait.WaitAsync));
        group.MapPost("/wait-choice", (HttpRequest http, QueueWait wait) => Twiml(http, wait.WaitChoiceAsync));
        group.MapPost("/queue-result", (HttpRequest http, QueueWait wait) => Twiml(http, wait.QueueResultAsync));
        group.MapPost("/message-choice", (HttpRequest http, MessageSteps messages, string? attempt) => Twiml(http, request => messages.MessageChoiceAsync(request, Attempt(attempt))));
        group.MapPost("/callback-message", (HttpRequest http, MessageSteps messages, string? attempt) => Twiml(http, request => messages.CallbackMessageAsync(request, Attempt(attempt))));
        group.MapPost("/callback-time", (HttpRequest http, MessageSteps messages, string? attempt) => Twiml(http, request => messages.CallbackTimeAsync(request, Attempt(attempt))));
        group.MapPost("/voicemail", (HttpRequest http, MessageSteps messages) => Twiml(http, messages.VoicemailDoneAsync));
        group.MapPost("/connect", (HttpRequest http, Bridging bridging, IvrTwiml twiml, string? counsellor, string? discreet) => Twiml(http, request =>
            Guid.TryParse(counsellor, out var id) ? bridging.ConnectAsync(request, id, discreet == "1") : Task.FromResult(twiml.SafetyNet(waiting: false))));
        group.MapPost("/callback-status", (HttpRequest http, StatusCallbacks callbacks, string? item, string? counsellor) => Acknowledge(http, request =>
            Guid.TryParse(item, out var itemId) && Guid.TryParse(counsellor, out var counsellorId)
                ? callbacks.CallbackStatusAsync(request, itemId, counsellorId, http.HttpContext.RequestAborted)
                : Task.CompletedTask));
        group.MapPost("/dial-result", (HttpRequest http, Bridging bridging) => Twiml(http, bridging.DialResultAsync));
        group.MapPost("/recording", (HttpRequest http, MessageSteps messages) => Acknowledge(http, messages.RecordingAsync));
        group.MapPost("/status", (HttpRequest http, StatusCallbacks callbacks) => Acknowledge(http, callbacks.CallStatusAsync));
    }

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
            var twiml = http.HttpContext.RequestServices.GetRequiredService<IvrTwiml>();
            http.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TelephonyEndpoints))
                .LogError(exception, "Telephony step {Path} failed for call {CallSid}; caller kept on the line", http.Path.Value, request.CallSid);
            response = twiml.SafetyNet(waiting: http.Path.Value?.EndsWith("/wait", StringComparison.Ordinal) == true);
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
