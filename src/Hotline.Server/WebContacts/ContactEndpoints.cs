using System.Security.Claims;
using System.Text.Json;
using System.Threading.RateLimiting;
using Hotline.Server.Audit;
using Hotline.Server.Calls;
using Hotline.Server.Data;
using Hotline.Server.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hotline.Server.WebContacts;

/// <summary>
/// <c>POST /api/public/contact</c> (anonymous, rate-limited, 16 KiB at most) and, for the console, reading a web
/// message one holds and the supervisors' review of held ones. Every read of a message is audited.
/// </summary>
internal static class ContactEndpoints
{
    public const int MaxBodyBytes = 16 * 1024;
    public const string AuditEntity = "WebContact";

    /// <summary>
    /// A family's message from the contact page: 202 with a short reference, or 400 naming the field; 413 beyond
    /// 16 KiB, 429 beyond the per-address or global limit.
    /// </summary>
    public static async Task<Results<Accepted<ContactReceipt>, ValidationProblem, ProblemHttpResult>> Submit(
        HttpRequest http, ContactIntake intake, ContactFlood flood, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        if (http.ContentLength > MaxBodyBytes)
        {
            return TooLarge();
        }

        using var lease = flood.TryAcquire();
        if (!lease.IsAcquired)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests,
                title: "Trop de messages reçus en ce moment : réessayez dans quelques minutes, ou appelez le numéro vert.");
        }

        // Read at most the limit (a chunked body has no length): beyond, refused without parsing.
        var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await http.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBodyBytes)
            {
                return TooLarge();
            }
        }

        ContactRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<ContactRequest>(buffer.ToArray(), json.Value.SerializerOptions);
        }
        catch (JsonException exception)
        {
            // The path names the field (e.g. "$.motive" for a value that is not one of the choices).
            var field = exception.Path is { Length: > 2 } path ? path[2..] : "body";
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = ["Cette valeur n'est pas reconnue."] },
                title: "Le message n'a pas pu être envoyé.");
        }

        if (request is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["Le formulaire est vide."] },
                title: "Le message n'a pas pu être envoyé.");
        }

        var result = await intake.ReceiveAsync(request, cancellationToken);
        return result.Problem is { } problem ? problem.ToValidationProblem() : TypedResults.Accepted((string?)null, result.Value!);
    }

    /// <summary>The message, for the counsellor holding the item or a supervisor.</summary>
    public static async Task<Results<Ok<WebContactView>, ProblemHttpResult, ForbidHttpResult>> Read(
        Guid callId, ClaimsPrincipal user, HotlineDbContext db, ContactIntake intake, AuditLog audit, CancellationToken cancellationToken)
    {
        var call = await db.Calls.AsNoTracking().FirstOrDefaultAsync(c => c.Id == callId && c.Status == CallStatus.WebMessage, cancellationToken);
        var contact = call is null ? null : await db.WebContacts.AsNoTracking().FirstOrDefaultAsync(w => w.CallId == callId, cancellationToken);
        if (call is null || contact is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Ce message n'existe pas ou a été supprimé (durée de conservation).");
        }

        var userId = Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!);
        if (call.CounsellorId != userId && !user.IsInRole(Roles.Supervisor))
        {
            await audit.RecordAsync(AuditAction.Read, AuditEntity, callId.ToString(), AuditOutcome.Denied, cancellationToken);
            return TypedResults.Forbid();
        }

        await audit.RecordAsync(AuditAction.Read, AuditEntity, callId.ToString(), cancellationToken: cancellationToken);
        return TypedResults.Ok(intake.Read(call, contact));
    }

    /// <summary>Web messages held because the board was full (a flood), oldest first.</summary>
    public static async Task<Ok<List<HeldWebMessage>>> Held(HotlineDbContext db, AuditLog audit, CancellationToken cancellationToken)
    {
        var held = await db.Calls.AsNoTracking()
            .Where(c => c.Status == CallStatus.WebMessage && c.HeldForReview && c.HandledAt == null)
            .OrderBy(c => c.ReceivedAt).Take(500)
            .Select(c => new { c.Id, c.CallSid, c.ReceivedAt, c.Motive })
            .ToListAsync(cancellationToken);
        await audit.RecordAsync(AuditAction.List, AuditEntity, "*", cancellationToken: cancellationToken);
        return TypedResults.Ok(held.Select(c => new HeldWebMessage(c.Id, c.CallSid[Call.WebMessagePrefix.Length..], c.ReceivedAt, c.Motive)).ToList());
    }

    /// <summary>A supervisor puts a held message on the board.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> Release(
        Guid callId, CallTransitions transitions, QueueSignals signals, TimeProvider time, AuditLog audit, CancellationToken cancellationToken)
    {
        if (!await transitions.ReleaseHeldAsync(callId, time.GetUtcNow(), cancellationToken))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Aucun message en attente de revue avec cet identifiant.");
        }

        await audit.RecordAsync(AuditAction.Update, AuditEntity, callId.ToString(), cancellationToken: cancellationToken);
        signals.CallChanged(callId);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult TooLarge() =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Le message est trop long.");
}

/// <summary>All senders together: beyond <see cref="ContactOptions.GlobalPerMinute"/>, a flood is refused with 429.</summary>
public sealed class ContactFlood(IOptions<ContactOptions> options) : IDisposable
{
    private readonly FixedWindowRateLimiter _limiter = new(new FixedWindowRateLimiterOptions
    {
        PermitLimit = options.Value.GlobalPerMinute,
        Window = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
    });

    public RateLimitLease TryAcquire() => _limiter.AttemptAcquire();

    public void Dispose() => _limiter.Dispose();
}
