using Hotline.Server.Audit;
using Hotline.Server.Data;
using Hotline.Server.Referrals;
using Hotline.Server.ServiceDirectory;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hotline.Server.Compliance;

/// <summary>
/// The register of the processing (GDPR art. 30) as the running server applies it: recipients by kind with the
/// purposes, legal bases and minimum data of a transfer to them (<c>Referrals:Transfers</c>, <see cref="MinimumData"/>),
/// the data categories kept and their retention periods (<c>Retention</c>, <c>Audit:Retention</c>,
/// <c>Referrals:MaxOpen</c>). Generated on each request from the configuration in force, so it cannot drift from it.
/// </summary>
/// <param name="Retention">Every retention period, by its setting's name ("Retention:ClosedReferrals").</param>
public sealed record ProcessingRegisterView(
    DateTimeOffset GeneratedAt,
    IReadOnlyList<RegisterRecipient> Recipients,
    IReadOnlyList<RegisterDataCategory> DataCategories,
    IReadOnlyList<RegisterRetention> Retention);

/// <param name="ActiveServices">How many services of that kind the directory lists as active now.</param>
/// <param name="WithFamilyAgreement">What a transfer to it carries when the family agreed to have their account shared.</param>
/// <param name="WithoutFamilyAgreement">What it carries otherwise.</param>
public sealed record RegisterRecipient(
    ServiceKind Kind,
    int ActiveServices,
    IReadOnlyList<TransferChoiceView> Purposes,
    IReadOnlyList<TransferChoiceView> LegalBases,
    IReadOnlyList<SharedDetails> WithFamilyAgreement,
    IReadOnlyList<SharedDetails> WithoutFamilyAgreement);

/// <summary>A category of data the line keeps.</summary>
/// <param name="Sensitive">May reveal data of GDPR art. 9 (e.g. religion) or art. 10 (suspected offences).</param>
/// <param name="RetentionSettings">The settings of <see cref="ProcessingRegisterView.Retention"/> that bound how long it is kept.</param>
public sealed record RegisterDataCategory(RegisterDataKind Kind, bool Sensitive, bool Encrypted, IReadOnlyList<string> RetentionSettings);

public sealed record RegisterRetention(string Setting, TimeSpan Period);

public enum RegisterDataKind
{
    /// <summary>A keyed HMAC of the caller's number (repeat callers), never the number itself.</summary>
    CallerNumberHash,

    /// <summary>A number kept only when a callback was asked for.</summary>
    CallbackNumber,

    VoicemailRecording,

    /// <summary>Postal code and commune given in the voice menu or on the call.</summary>
    CallLocation,

    /// <summary>A message from the contact page and its contact details.</summary>
    WebMessage,

    /// <summary>The triage: who called, the concerned person (age, minor), the commune, signs, urgency, outcome.</summary>
    Triage,

    /// <summary>The counsellor's free-text summary of what the family said.</summary>
    TriageSummary,

    /// <summary>What a referral carried when sent (the frozen snapshot).</summary>
    ReferralSnapshot,

    /// <summary>Notes, redirection reasons and closing texts of the services following a referral.</summary>
    ReferralNotes,

    /// <summary>Who did what on which record, when (pseudonymous user ids).</summary>
    AuditTrail,
}

internal static class ProcessingRegister
{
    internal const string AuditEntity = "ProcessingRegister";

    public static async Task<Ok<ProcessingRegisterView>> Get(
        HotlineDbContext db, IReferralDirectory directory, IOptions<RetentionOptions> retention, IOptions<AuditOptions> auditOptions,
        IOptions<ReferralOptions> referrals, TimeProvider time, AuditLog audit, CancellationToken cancellationToken)
    {
        var active = await db.DirectoryServices.AsNoTracking().Where(s => s.Status == ServiceStatus.Active)
            .GroupBy(s => s.Kind).Select(g => new { Kind = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Kind, g => g.Count, cancellationToken);
        var recipients = Enum.GetValues<ServiceKind>().Select(kind =>
        {
            var transfers = directory.TransfersTo(kind);
            return new RegisterRecipient(kind, active.GetValueOrDefault(kind), transfers.Purposes, transfers.LegalBases,
                Flags(MinimumData.For(kind, familyAgreed: true)), Flags(MinimumData.For(kind, familyAgreed: false)));
        }).ToList();

        var options = retention.Value;
        var periods = new List<RegisterRetention>
        {
            new("Retention:CallsWithoutFollowUp", options.CallsWithoutFollowUp),
            new("Retention:ClosedReferrals", options.ClosedReferrals),
            new("Referrals:MaxOpen", referrals.Value.MaxOpen),
            new("Retention:StaleReferrals", options.StaleReferrals),
            new("Retention:CallbackNumbers", options.CallbackNumbers),
            new("Retention:Recordings", options.Recordings),
            new("Retention:WebContacts", options.WebContacts),
            new("Audit:Retention", auditOptions.Value.Retention),
        };
        string[] calls = ["Retention:CallsWithoutFollowUp", "Retention:ClosedReferrals", "Retention:StaleReferrals"];
        string[] referralSettings = ["Retention:ClosedReferrals", "Retention:StaleReferrals"];
        RegisterDataCategory[] categories =
        [
            new(RegisterDataKind.CallerNumberHash, Sensitive: false, Encrypted: false, calls),
            new(RegisterDataKind.CallbackNumber, Sensitive: false, Encrypted: true, ["Retention:CallbackNumbers", .. calls]),
            new(RegisterDataKind.VoicemailRecording, Sensitive: true, Encrypted: false, ["Retention:Recordings"]),
            new(RegisterDataKind.CallLocation, Sensitive: false, Encrypted: false, calls),
            new(RegisterDataKind.WebMessage, Sensitive: true, Encrypted: true, ["Retention:WebContacts", .. referralSettings]),
            new(RegisterDataKind.Triage, Sensitive: true, Encrypted: false, calls),
            new(RegisterDataKind.TriageSummary, Sensitive: true, Encrypted: true, calls),
            new(RegisterDataKind.ReferralSnapshot, Sensitive: true, Encrypted: true, referralSettings),
            new(RegisterDataKind.ReferralNotes, Sensitive: true, Encrypted: true, referralSettings),
            new(RegisterDataKind.AuditTrail, Sensitive: false, Encrypted: false, ["Audit:Retention"]),
        ];

        await audit.RecordAsync(AuditAction.Read, AuditEntity, "*", cancellationToken: cancellationToken);
        return TypedResults.Ok(new ProcessingRegisterView(time.GetUtcNow(), recipients, categories, periods));
    }

    private static List<SharedDetails> Flags(SharedDetails shared) =>
        [.. Enum.GetValues<SharedDetails>().Where(flag => flag != SharedDetails.None && shared.HasFlag(flag))];
}
