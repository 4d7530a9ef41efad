using Hotline.Server.ServiceDirectory;

namespace Hotline.Server.Referrals;

/// <summary>What referrals need from the service directory: the services as routing sees them, and the transfer lists.</summary>
public interface IReferralDirectory
{
    Task<DirectorySnapshot> SnapshotAsync(CancellationToken cancellationToken);

    /// <summary>Why, and on what legal basis, a family may be sent to a service of that kind (configured lists).</summary>
    TransferChoices TransfersTo(ServiceKind kind);
}

/// <summary>The purposes and legal bases a transfer to one kind of service may state.</summary>
public sealed record TransferChoices(IReadOnlyList<TransferChoiceView> Purposes, IReadOnlyList<TransferChoiceView> LegalBases)
{
    public static TransferChoices None { get; } = new([], []);
}
