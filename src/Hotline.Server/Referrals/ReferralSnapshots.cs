using System.Text.Json;
using Hotline.Server.Triage;
using Microsoft.AspNetCore.DataProtection;

namespace Hotline.Server.Referrals;

/// <summary>Takes, encrypts and reads the frozen snapshot a referral carries.</summary>
public sealed class ReferralSnapshots(IDataProtectionProvider dataProtection, TriageService triages)
{
    /// <summary>Data Protection purpose of snapshots (changing it makes stored snapshots unreadable).</summary>
    public const string Purpose = "Hotline.Referrals.Snapshot.v1";

    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web);

    private IDataProtector Protector => dataProtection.CreateProtector(Purpose);

    /// <summary>Freezes on <paramref name="referral"/> what the minimum-data rule lets its recipient have of the triage now.</summary>
    public void Take(Referral referral, CallTriage triage, DateTimeOffset now)
    {
        referral.FamilyAgreed = triage.CommuneCellConsent;
        referral.Shared = MinimumData.For(referral.ServiceKind, referral.FamilyAgreed);
        referral.SnapshotAt = now;
        var snapshot = ReferralSnapshot.Of(triage, triages.Summary(triage), referral.Shared);
        referral.ProtectedSnapshot = Protect(snapshot);
        referral.AgeBand = ReferralReferences.BandOf(snapshot.AgeBand, snapshot.Age);
    }

    /// <summary>A follow-on carries its predecessor's snapshot, cut down to what its recipient may have: never more.</summary>
    public void CarryOn(Referral previous, Referral followOn)
    {
        followOn.FamilyAgreed = previous.FamilyAgreed;
        followOn.Shared = MinimumData.Redirected(previous.Shared, followOn.ServiceKind, previous.FamilyAgreed);
        followOn.SnapshotAt = previous.SnapshotAt;
        var carried = Read(previous)?.Restrict(followOn.Shared);
        followOn.ProtectedSnapshot = carried is null ? null : Protect(carried);
        followOn.AgeBand = carried is null ? null : ReferralReferences.BandOf(carried.AgeBand, carried.Age);
    }

    public ReferralSnapshot? Read(Referral referral) =>
        referral.ProtectedSnapshot is null ? null : JsonSerializer.Deserialize<ReferralSnapshot>(Protector.Unprotect(referral.ProtectedSnapshot), _json);

    private string Protect(ReferralSnapshot snapshot) => Protector.Protect(JsonSerializer.Serialize(snapshot, _json));
}
