using Hotline.Server.Directory;

namespace Hotline.Server.Referrals;

/// <summary>Until the service directory is stored: no service, so routing always says the national team must choose.</summary>
internal sealed class UnconfiguredReferralDirectory : IReferralDirectory
{
    public Task<DirectorySnapshot> SnapshotAsync(CancellationToken cancellationToken) => Task.FromResult(DirectorySnapshot.Empty);

    public IReadOnlyList<TransferChoiceView> Purposes => [];

    public IReadOnlyList<TransferChoiceView> LegalBases => [];
}
