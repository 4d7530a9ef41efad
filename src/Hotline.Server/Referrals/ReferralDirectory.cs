using Hotline.Server.ServiceDirectory;

namespace Hotline.Server.Referrals;

/// <summary>What referrals need from the service directory: the services as routing sees them, and the transfer lists.</summary>
public interface IReferralDirectory
{
    Task<DirectorySnapshot> SnapshotAsync(CancellationToken cancellationToken);

    /// <summary>Why a family may be sent to a commune cell (configured list).</summary>
    IReadOnlyList<TransferChoiceView> Purposes { get; }

    /// <summary>On what legal basis (configured list).</summary>
    IReadOnlyList<TransferChoiceView> LegalBases { get; }
}
