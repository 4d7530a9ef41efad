using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hotline.Server.LiveConsole;

/// <summary><c>POST /api/console/calls/{callId}/take</c>: "Prendre", a counsellor takes a waiting call from the queue.</summary>
internal static class Taking
{
    /// <summary>The codes of a refused take, for clients (the titles are for people).</summary>
    public const string CallTaken = "call-taken";
    public const string NotFree = "not-free";
    public const string NotACounsellor = "not-a-counsellor";

    public static async Task<Results<Ok<CurrentCall>, ProblemHttpResult>> Take(
        Guid callId, ClaimsPrincipal user, CallHandover handover, CancellationToken cancellationToken)
    {
        if (!PresenceService.IsCounsellor(user))
        {
            return Problem(StatusCodes.Status403Forbidden, "Seuls les écoutants prennent des appels.", NotACounsellor);
        }

        var result = await handover.TakeAsync(Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!), callId, cancellationToken);
        if (result is { Accepted: true, Call: { } call })
        {
            return TypedResults.Ok(call);
        }

        return result.Reason switch
        {
            CallTaken => Problem(StatusCodes.Status409Conflict, "Cet appel n’est plus en attente : quelqu’un d’autre l’a pris.", CallTaken),
            NotFree => Problem(StatusCodes.Status409Conflict, "Terminez d’abord l’appel ou le post-appel en cours.", NotFree),
            // The call went back to the queue (or the item to the board): Twilio did not put it through.
            var reason => Problem(StatusCodes.Status502BadGateway, "La mise en relation a échoué : l’appel retourne dans la file.", reason ?? "connection-failed"),
        };
    }

    private static ProblemHttpResult Problem(int status, string title, string code) =>
        TypedResults.Problem(statusCode: status, title: title, extensions: new Dictionary<string, object?> { ["code"] = code });
}
