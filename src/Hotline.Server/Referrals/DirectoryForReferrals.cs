using Hotline.Server.ServiceDirectory;
using Microsoft.Extensions.Options;

namespace Hotline.Server.Referrals;

/// <summary>The service directory as referrals see it: the stored services, and the configured transfer choices per kind.</summary>
internal sealed class DirectoryForReferrals(DirectoryStore store, IOptions<TransferOptions> options) : IReferralDirectory
{
    public Task<DirectorySnapshot> SnapshotAsync(CancellationToken cancellationToken) => store.SnapshotAsync(cancellationToken);

    public TransferChoices TransfersTo(ServiceKind kind)
    {
        var transfer = options.Value.For(kind);
        return new TransferChoices(
            [.. transfer.Purposes.Select(c => new TransferChoiceView(c.Code, c.Label))],
            [.. transfer.LegalBases.Select(c => new TransferChoiceView(c.Code, c.Label))]);
    }
}
