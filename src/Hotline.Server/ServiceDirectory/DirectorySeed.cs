using Hotline.Server.Data;
using Hotline.Server.Geography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hotline.Server.ServiceDirectory;

/// <summary>
/// Fills the directory with what the official geography implies: reference data, in every environment.
/// Runs with the <c>migrate</c> command (production's deployment step) and at Development start-up, after
/// the migrations. Idempotent: it only adds what is missing and never changes what an admin edited.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>One departmental cell per département (101, 971–976 included) that has none of any status,
/// named after its préfecture, contact fields empty and flagged "to complete".</item>
/// <item>One State representative per overseas collectivity (975, 977, 978, 984, 986–989) that has
/// none, named from <c>Directory:StateRepresentatives</c>.</item>
/// <item>The national team, if there is none.</item>
/// </list>
/// Development adds demo commune cells (<see cref="AddDemoAsync"/>), flagged as demo data.
/// </remarks>
public sealed class DirectorySeed(
    HotlineDbContext db, DirectoryStore store, GeographyCatalog geography, IOptions<DirectoryOptions> options, TimeProvider time, ILogger<DirectorySeed> logger)
    : IReferenceDataSeed, IDemoDataSeed
{
    public const string DepartementalCellName = "Cellule départementale de prévention et d'accompagnement des familles";

    /// <summary>
    /// The demo commune cells of a Development run: invented, and flagged as such. Tarascon's charter lets the
    /// line send to it directly; Miramas's routes exchanges through the préfecture (the departmental cell forwards).
    /// </summary>
    public static readonly IReadOnlyList<(string Name, string Commune, bool DirectTransmission)> DemoCommuneCells =
    [
        ("CMER de Tarascon", "13108", true),
        ("CMER de Miramas", "13063", false),
    ];

    /// <summary>"Cellule départementale de prévention et d'accompagnement des familles — Préfecture des Bouches-du-Rhône".</summary>
    public static string DepartementalCellNameFor(Departement departement) => $"{DepartementalCellName} — {DepartementNames.Prefecture(departement)}";

    /// <summary>"Cellule de recueil des informations préoccupantes (CRIP) — Conseil départemental des Bouches-du-Rhône".</summary>
    public static string ChildProtectionNameFor(Departement departement) =>
        $"Cellule de recueil des informations préoccupantes (CRIP) — {DepartementNames.ChildProtectionAuthority(departement)}";

    public async Task<int> AddReferenceAsync(CancellationToken cancellationToken)
    {
        var added = await SeedAsync(async (areas, now) =>
        {
            var count = 0;
            foreach (var departement in geography.Departements)
            {
                var kind = departement.IsOverseasCollectivity ? ServiceKind.StateRepresentative : ServiceKind.DepartementalCell;
                if (areas.Contains((kind, departement.Code)))
                {
                    continue;
                }

                if (departement.IsOverseasCollectivity)
                {
                    var name = options.Value.StateRepresentatives[departement.Code];
                    await AddAsync(name, name, kind, $"Représentant de l'État : {departement.Name} ({departement.Code}).",
                        ServiceAreaKind.Departement, departement.Code, isDemo: false, now, cancellationToken);
                }
                else
                {
                    var seat = departement.PrefectureName is null ? "" : $" Chef-lieu : {departement.PrefectureName} ({departement.PrefectureCode}).";
                    await AddAsync(DepartementNames.Prefecture(departement), DepartementalCellNameFor(departement), kind,
                        $"Cellule de prévention de la radicalisation et d'accompagnement des familles (CPRAF) du département {departement.Code}.{seat}",
                        ServiceAreaKind.Departement, departement.Code, isDemo: false, now, cancellationToken);
                }

                count++;
            }

            // The département's CRIP, for a minor in danger: the name is known, the contact is not (to complete by an admin).
            foreach (var departement in geography.Departements.Where(d => !d.IsOverseasCollectivity))
            {
                if (areas.Contains((ServiceKind.ChildProtection, departement.Code)))
                {
                    continue;
                }

                var authority = DepartementNames.ChildProtectionAuthority(departement);
                await AddAsync(authority, ChildProtectionNameFor(departement), ServiceKind.ChildProtection,
                    $"Cellule de recueil, de traitement et d'évaluation des informations préoccupantes (CASF art. L226-3) : {authority}. Coordonnées à compléter.",
                    ServiceAreaKind.Departement, departement.Code, isDemo: false, now, cancellationToken);
                count++;
            }

            if (!areas.Contains((ServiceKind.NationalTeam, "")))
            {
                await AddAsync(options.Value.NationalOrganizationName, options.Value.NationalTeamName, ServiceKind.NationalTeam,
                    "Choisit le service quand l'orientation automatique ne le peut pas.", null, null, isDemo: false, now, cancellationToken);
                count++;
            }

            return count;
        }, cancellationToken);
        logger.LogInformation("Directory reference data: {Count} service(s) added", added);
        return added;
    }

    /// <summary>Development only: the demo commune cells, unless a commune cell already covers the commune.</summary>
    public async Task<int> AddDemoAsync(CancellationToken cancellationToken)
    {
        var added = await SeedAsync(async (areas, now) =>
        {
            var count = 0;
            foreach (var (name, code, direct) in DemoCommuneCells)
            {
                if (areas.Contains((ServiceKind.CommuneCell, code)))
                {
                    continue;
                }

                var commune = geography.FindCommune(code)!;
                var service = await AddAsync($"Commune de {commune.Name} (démo)", name, ServiceKind.CommuneCell,
                    "Donnée de démonstration : cette cellule n'existe pas sous cette forme.",
                    ServiceAreaKind.Commune, code, isDemo: true, now, cancellationToken);
                var today = DateOnly.FromDateTime(now.UtcDateTime);
                service.Protocol = new CellProtocol
                {
                    SignedOn = today.AddYears(-1),
                    PrefectSignatory = "Préfet de police des Bouches-du-Rhône (démo)",
                    MayorSignatory = $"Maire de {commune.Name} (démo)",
                    ProsecutorSignatory = "Procureur de la République de Tarascon (démo)",
                    DirectTransmission = direct,
                    ReviewOn = today.AddYears(2),
                };
                count++;
            }

            return count;
        }, cancellationToken);
        logger.LogInformation("Directory demo data: {Count} service(s) added", added);
        return added;
    }

    Task IReferenceDataSeed.SeedReferenceAsync(CancellationToken cancellationToken) => AddReferenceAsync(cancellationToken);

    Task IDemoDataSeed.SeedDemoAsync(CancellationToken cancellationToken) => AddDemoAsync(cancellationToken);

    /// <summary>Under the directory's write lock: reads which (kind, area) pairs exist, lets <paramref name="seed"/> add, saves.</summary>
    private async Task<int> SeedAsync(Func<HashSet<(ServiceKind, string)>, DateTimeOffset, Task<int>> seed, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await store.LockAsync(cancellationToken);
        var services = await db.DirectoryServices.AsNoTracking().Include(s => s.Areas).ToListAsync(cancellationToken);
        // Any status counts: a cell an admin deactivated must not come back.
        var areas = services
            .SelectMany(s => s.Areas.Count == 0 ? [(s.Kind, "")] : s.Areas.Select(a => (s.Kind, a.Code)))
            .ToHashSet();
        var added = await seed(areas, time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return added;
    }

    private async Task<Service> AddAsync(
        string organizationName, string name, ServiceKind kind, string description, ServiceAreaKind? areaKind, string? code, bool isDemo,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var organization = await store.OrganizationAsync(organizationName, isDemo, now, cancellationToken);
        var service = new Service
        {
            OrganizationId = organization.Id,
            Name = name,
            Kind = kind,
            Description = description,
            // Reference data comes with no address, phone or contact: someone has to fill them in.
            ToComplete = !isDemo,
            IsDemo = isDemo,
            CreatedAt = now,
            UpdatedAt = now,
        };
        if (areaKind is { } area && code is not null)
        {
            service.Areas.Add(new ServiceArea { ServiceId = service.Id, Kind = area, Code = code, CogYear = geography.CogYear });
        }

        db.DirectoryServices.Add(service);
        return service;
    }
}
