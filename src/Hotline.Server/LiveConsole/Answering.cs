using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Hotline.Server.Hosting;

namespace Hotline.Server.LiveConsole;

public sealed record AnsweringRequest(AnswerMode? Mode, string? PhoneNumber);

/// <summary>Where a counsellor hears callers; the number itself is never sent back.</summary>
public sealed record AnsweringSettings(AnswerMode Mode, bool PhoneNumberSet);

/// <summary>The counsellor's own setting: answer in the browser, or on a phone number.</summary>
internal static class Answering
{
    public static async Task<Results<Ok<AnsweringSettings>, NotFound>> Get(ClaimsPrincipal user, CallConnector connector, CancellationToken cancellationToken)
    {
        // A supervisor who does not answer calls has no answering setting.
        if (!PresenceService.IsCounsellor(user))
        {
            return TypedResults.NotFound();
        }

        var phone = await connector.PhoneNumberOfAsync(UserId(user), cancellationToken);
        var mode = await connector.ModeOfAsync(UserId(user), cancellationToken);
        return TypedResults.Ok(new AnsweringSettings(mode == ConnectionMode.Phone ? AnswerMode.Phone : AnswerMode.Browser, phone is not null));
    }

    public static async Task<Results<NoContent, ValidationProblem, NotFound>> Put(
        AnsweringRequest request, ClaimsPrincipal user, CallConnector connector, CancellationToken cancellationToken)
    {
        if (!PresenceService.IsCounsellor(user))
        {
            return TypedResults.NotFound();
        }

        if (request.Mode is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["mode"] = ["Choisissez le navigateur (Browser) ou un téléphone (Phone)."] });
        }

        var phone = TypedPhoneNumbers.ToE164(request.PhoneNumber);
        if (request.Mode == AnswerMode.Phone && phone is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["phoneNumber"] = ["Pour répondre au téléphone, indiquez un numéro valide, par exemple 06 12 34 56 78 ou +33 6 12 34 56 78."],
            });
        }

        await connector.SetAnswerModeAsync(UserId(user), request.Mode.Value, phone, cancellationToken);
        return TypedResults.NoContent();
    }

    private static Guid UserId(ClaimsPrincipal user) => Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!);

}
