using Hotline.Server.Directory;
using Hotline.Server.Referrals;
using Hotline.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Hotline.IntegrationTests.Referrals;

/// <summary>The server with a small directory: the CMER of Tarascon, the departmental cells of 13 and 84, the national team.</summary>
public class ReferralApp : HotlineAppFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IReferralDirectory, TestDirectory>());
    }

    private sealed class TestDirectory : IReferralDirectory
    {
        private static readonly DirectorySnapshot _snapshot = new(
        [
            new(Guid.CreateVersion7(), "CMER de Tarascon", ServiceKind.CommuneCell, ServiceStatus.Active, [], ["13108"]),
            new(Guid.CreateVersion7(), "Cellule départementale — Préfecture des Bouches-du-Rhône", ServiceKind.DepartmentalCell, ServiceStatus.Active, ["13"], []),
            new(Guid.CreateVersion7(), "Cellule départementale — Préfecture de Vaucluse", ServiceKind.DepartmentalCell, ServiceStatus.Active, ["84"], []),
            new(Guid.CreateVersion7(), "Équipe nationale", ServiceKind.NationalTeam, ServiceStatus.Active, [], []),
        ]);

        public Task<DirectorySnapshot> SnapshotAsync(CancellationToken cancellationToken) => Task.FromResult(_snapshot);

        public IReadOnlyList<TransferChoiceView> Purposes { get; } = [new("prevention", "Prévention de la radicalisation")];

        public IReadOnlyList<TransferChoiceView> LegalBases { get; } = [new("public-interest", "Mission d'intérêt public")];
    }
}

/// <summary>A referral app whose clock the test moves.</summary>
public sealed class ClockedReferralApp : ReferralApp
{
    // Thursday 30 April 2026, 10:00 in Paris: the next day is 1 May (a holiday), then a weekend.
    public ClockedReferralApp() => Time = Clock;

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 4, 30, 8, 0, 0, TimeSpan.Zero));
}
