using Hotline.Server.ServiceDirectory;
using Microsoft.Extensions.Options;

namespace Hotline.Server.Referrals;

/// <summary>The service directory as referrals see it: the stored services, and the configured commune-cell transfer choices.</summary>
internal sealed class DirectoryForReferrals(DirectoryStore store, IOptions<DirectoryOptions> options) : IReferralDirectory
{
    public Task<DirectorySnapshot> SnapshotAsync(CancellationToken cancellationToken) => store.SnapshotAsync(cancellationToken);

    public IReadOnlyList<TransferChoiceView> Purposes =>
        [.. options.Value.CommuneCellTransfer.Purposes.Select(c => new TransferChoiceView(c.Code, c.Label))];

    public IReadOnlyList<TransferChoiceView> LegalBases =>
        [.. options.Value.CommuneCellTransfer.LegalBases.Select(c => new TransferChoiceView(c.Code, c.Label))];
}
