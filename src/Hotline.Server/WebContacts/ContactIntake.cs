using System.Globalization;
using System.Net.Mail;
using System.Security.Cryptography;
using Hotline.Server.Calls;
using Hotline.Server.Data;
using Hotline.Server.Geography;
using Hotline.Server.Hosting;
using Hotline.Server.Telephony;
using Hotline.Server.Triage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hotline.Server.WebContacts;

/// <summary>
/// Turns a message from the contact page into a work item: validated field by field (French messages naming the
/// field), contact details encrypted, held for review beyond <see cref="ContactOptions.MaxOpenItems"/>.
/// </summary>
public sealed class ContactIntake(
    HotlineDbContext db,
    TimeProvider time,
    IOptions<ContactOptions> options,
    IDataProtectionProvider dataProtection,
    GeographyCatalog geography,
    QueueSignals signals,
    ISupervisorAlerts alerts)
{
    internal const string DetailsPurpose = "Hotline.Contact.Details";
    private const string FormTokenPurpose = "Hotline.Contact.FormToken";
    public const int MaxMessageLength = 5_000;
    private static readonly TimeSpan FormTokenLifetime = TimeSpan.FromHours(12);
    private const string ReferenceAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    private static readonly string[] OverseasPrefixes = ["+262", "+269", "+508", "+590", "+594", "+596", "+681", "+687", "+689"];

    /// <summary>Given with the page: when it was served, signed, for the time-to-submit check (no cookie needed).</summary>
    public string NewFormToken() =>
        dataProtection.CreateProtector(FormTokenPurpose).Protect(time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));

    /// <summary>The receipt, or the first problem found; a robot (honeypot, too fast) gets a receipt and nothing is kept.</summary>
    public async Task<ServiceResult<ContactReceipt>> ReceiveAsync(ContactRequest request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var english = request.Language == "en";

        // The English page shows its errors in English: the field's message and the title above them.
        ServiceProblem Invalid(string field, string french, string inEnglish) =>
            ServiceProblem.Invalid(english ? "The message could not be sent." : "Le message n'a pas pu être envoyé.", field, english ? inEnglish : french);

        if (FormServedAt(request.FormToken) is not { } servedAt || servedAt > now || now - servedAt > FormTokenLifetime)
        {
            return Invalid("formToken", "Le formulaire a expiré : rechargez la page puis envoyez votre message à nouveau.", "The form has expired: reload the page, then send your message again.");
        }

        if (!string.IsNullOrEmpty(request.Website) || now - servedAt < TimeSpan.FromSeconds(options.Value.MinSecondsToSubmit))
        {
            // Not a person: answer as if it were kept, so the robot learns nothing.
            return ServiceResult.Ok(new ContactReceipt(NewReference()));
        }

        var message = request.Message?.Trim();
        if (string.IsNullOrEmpty(message))
        {
            return Invalid("message", "Écrivez votre message.", "Write your message.");
        }

        if (message.Length > MaxMessageLength)
        {
            return Invalid("message", $"Le message dépasse {MaxMessageLength} caractères.", $"The message is longer than {MaxMessageLength} characters.");
        }

        if (request.Motive is not (CallMotive.Question or CallMotive.Signal or CallMotive.Urgent))
        {
            return Invalid("motive", "Choisissez le motif de votre message.", "Choose what your message is about.");
        }

        if (request.Relation is not { } relation || !Enum.IsDefined(relation))
        {
            return Invalid("relation", "Indiquez qui est la personne concernée pour vous.", "Tell us who the person is to you.");
        }

        if (request.AgeBand is not { } ageBand || !Enum.IsDefined(ageBand))
        {
            return Invalid("ageBand", "Indiquez l'âge de la personne concernée (ou « je ne sais pas »).", "Give the person's age (or \"I don't know\").");
        }

        var postalCode = string.IsNullOrWhiteSpace(request.PostalCode) ? null : request.PostalCode.Trim();
        if (postalCode is not null && (postalCode.Length != 5 || !postalCode.All(char.IsAsciiDigit)))
        {
            return Invalid("postalCode", "Le code postal a cinq chiffres (ou laissez-le vide).", "A French postal code has five digits (or leave it empty).");
        }

        var phone = string.IsNullOrWhiteSpace(request.Phone) ? null : FrenchNumber(request.Phone);
        if (!string.IsNullOrWhiteSpace(request.Phone) && phone is null)
        {
            return Invalid("phone", "Ce numéro n'est pas un numéro français (par exemple 06 12 34 56 78).", "This is not a French number (for example 06 12 34 56 78).");
        }

        var email = string.IsNullOrWhiteSpace(request.Email) ? null : request.Email.Trim();
        if (email is not null && !IsEmail(email))
        {
            return Invalid("email", "Cette adresse e-mail n'est pas valide.", "This e-mail address is not valid.");
        }

        if (phone is null && email is null)
        {
            return Invalid("phone", "Indiquez un téléphone ou une adresse e-mail pour que nous puissions vous répondre.", "Give a phone number or an e-mail address so that we can answer you.");
        }

        if (phone is not null && request.MessageAllowed is null)
        {
            return Invalid("messageAllowed", "Dites-nous si nous pouvons laisser un message sur ce téléphone.", "Tell us whether we may leave a message on this phone.");
        }

        if (request.CallbackWindow is { } window && !Enum.IsDefined(window))
        {
            return Invalid("callbackWindow", "Choisissez quand nous pouvons vous appeler.", "Choose when we may call you.");
        }

        if (request.Acknowledged != true)
        {
            return Invalid("acknowledged", "Cochez la case pour confirmer que vous avez lu l'information sur vos données.", "Tick the box to confirm you have read the information about your data.");
        }

        var language = request.Language == "en" ? "en" : "fr";
        var held = await db.Calls.CountAsync(c => c.Status == CallStatus.WebMessage && c.HandledAt == null && !c.HeldForReview, cancellationToken)
            >= options.Value.MaxOpenItems;
        // Supervisors are told when holding starts, once; during a flood the panel lists the others.
        var holdingStarts = held && !await db.Calls.AnyAsync(
            c => c.Status == CallStatus.WebMessage && c.HandledAt == null && c.HeldForReview, cancellationToken);
        var protector = dataProtection.CreateProtector(DetailsPurpose);
        var reference = NewReference();
        var call = Call.ReceiveWebMessage(reference, request.Motive.Value, now, held);
        if (phone is not null)
        {
            call.CallbackMessageAllowed = request.MessageAllowed;
            call.CallbackWindow = request.CallbackWindow ?? CallbackWindow.AnyTime;
        }

        Locate(call, postalCode);
        db.Calls.Add(call);
        db.WebContacts.Add(new WebContact
        {
            CallId = call.Id,
            ProtectedMessage = protector.Protect(message),
            ProtectedPhone = phone is null ? null : protector.Protect(phone),
            ProtectedEmail = email is null ? null : protector.Protect(email),
            Relation = relation,
            AgeBand = ageBand,
            Language = language,
            ReceivedAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);
        if (!held)
        {
            signals.CallChanged(call.Id);
        }
        else if (holdingStarts)
        {
            await alerts.SupervisorAlertAsync(new SupervisorAlert(SupervisorAlertKind.WebMessagesHeld, call.Id, null, call.DepartementCode, now));
        }

        return ServiceResult.Ok(new ContactReceipt(reference), created: true);
    }

    /// <summary>The stored details in clear, for the counsellor holding the item.</summary>
    public WebContactView Read(Call call, WebContact contact)
    {
        var protector = dataProtection.CreateProtector(DetailsPurpose);
        return new WebContactView(
            call.Id, call.CallSid[Call.WebMessagePrefix.Length..], contact.ReceivedAt, call.Motive,
            protector.Unprotect(contact.ProtectedMessage), contact.Relation, contact.AgeBand, call.PostalCode,
            contact.ProtectedPhone is null ? null : protector.Unprotect(contact.ProtectedPhone),
            contact.ProtectedEmail is null ? null : protector.Unprotect(contact.ProtectedEmail),
            call.CallbackMessageAllowed, call.CallbackWindow, contact.Language);
    }

    private void Locate(Call call, string? postalCode)
    {
        if (postalCode is null)
        {
            return;
        }

        var resolution = geography.ResolvePostalCode(postalCode);
        call.PostalCode = postalCode;
        call.GeographyVersion = $"COG {geography.CogYear}";
        call.CandidateCommuneCodes = [.. resolution.Communes.Select(commune => commune.Code)];
        call.Location = resolution.Kind switch
        {
            PostalCodeResolutionKind.SingleDepartement => CallLocation.Resolved,
            PostalCodeResolutionKind.Ambiguous => CallLocation.Ambiguous,
            _ => CallLocation.Unknown,
        };
        call.DepartementCode = resolution.Departement?.Code;
        call.CommuneCode = resolution.Communes.Count == 1 && resolution.Departement is not null ? resolution.Communes[0].Code : null;
    }

    private DateTimeOffset? FormServedAt(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 1024)
        {
            return null;
        }

        try
        {
            var text = dataProtection.CreateProtector(FormTokenPurpose).Unprotect(token);
            return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>A French number (metropolitan or overseas) in E.164, or null.</summary>
    internal static string? FrenchNumber(string text)
    {
        var number = CallerNumbers.Normalize(text);
        return number switch
        {
            null => null,
            _ when number.StartsWith("+33", StringComparison.Ordinal) && number.Length == 12 && number[3] != '0' => number,
            _ when OverseasPrefixes.Any(prefix => number.StartsWith(prefix, StringComparison.Ordinal)) && number.Length is >= 10 and <= 13 => number,
            _ => null,
        };
    }

    private static bool IsEmail(string email) =>
        email.Length <= 254 && MailAddress.TryCreate(email, out var address) && address.Address == email
        && address.Host.Contains('.', StringComparison.Ordinal);

    /// <summary>Eight characters without look-alikes (0/O, 1/I/L), e.g. "K7MQ-3XP2".</summary>
    private static string NewReference()
    {
        Span<char> chars = stackalloc char[9];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = i == 4 ? '-' : ReferenceAlphabet[RandomNumberGenerator.GetInt32(ReferenceAlphabet.Length)];
        }

        return new string(chars);
    }
}
