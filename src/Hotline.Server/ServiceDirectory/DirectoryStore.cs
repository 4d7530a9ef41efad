using Hotline.Server.Audit;
using Hotline.Server.Data;
using Hotline.Server.Geography;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Server.ServiceDirectory;

/// <summary>One change of a batch: a new service (no id) or the replacement of an existing one.</summary>
/// <param name="Row">Where it came from (a CSV line number; 0 for the API), to report errors against.</param>
public sealed record DirectoryChange(Guid? Id, ServiceDraft Draft, int Row = 0);

/// <summary>The outcome of a batch of changes: saved (unless a dry run), or why not.</summary>
public sealed record DirectoryBatchResult(
    IReadOnlyList<ServiceDto> Services,
    IReadOnlyList<DirectoryChange> UnknownIds,
    IReadOnlyList<RuleConflict> Conflicts,
    int Created,
    int Updated)
{
    public bool Succeeded => UnknownIds.Count == 0 && Conflicts.Count == 0;
}

/// <summary>
/// Reads and writes the directory. Every write runs in a transaction holding a PostgreSQL advisory
/// lock, loads the whole directory (a few hundred rows), applies the change and checks
/// <see cref="DirectoryRules"/> on the result before saving: two admins (or two server instances)
/// can never together break a rule that each write alone respects.
/// </summary>
public sealed partial class DirectoryStore(HotlineDbContext db, GeographyCatalog geography, TimeProvider time, AuditLog audit)
{
    /// <summary>pg_advisory_xact_lock key of directory writes ("Hotline" + 1).</summary>
    private const long WriteLock = 0x486F746C696E6501;

    public const string AuditEntity = "DirectoryService";

    /// <summary>Audit entity of a commune cell's charter (the id is the service's).</summary>
    public const string CharterAuditEntity = "CellProtocol";

    /// <summary>The directory as routing sees it, read now.</summary>
    public async Task<DirectorySnapshot> SnapshotAsync(CancellationToken cancellationToken)
    {
        var services = await db.DirectoryServices.AsNoTracking().Include(s => s.Areas).ToListAsync(cancellationToken);
        return new DirectorySnapshot(services.Select(s => s.ToEntry()));
    }

    /// <summary>
    /// Services matching every filter given. <paramref name="departement"/> also finds commune cells of
    /// communes in that département; <paramref name="demo"/> tells demo data apart; <paramref name="search"/> looks in
    /// the service and organization names.
    /// </summary>
    public async Task<List<ServiceSummary>> ListAsync(
        ServiceKind? kind, ServiceStatus? status, string? departement, string? commune, bool? toComplete, bool? demo, string? search,
        CancellationToken cancellationToken)
    {
        var query = db.DirectoryServices.AsNoTracking().Include(s => s.Areas).Include(s => s.Organization).AsQueryable();
        if (kind is not null)
        {
            query = query.Where(s => s.Kind == kind);
        }

        if (status is not null)
        {
            query = query.Where(s => s.Status == status);
        }

        if (toComplete is not null)
        {
            query = query.Where(s => s.ToComplete == toComplete);
        }

        if (demo is not null)
        {
            query = query.Where(s => s.IsDemo == demo);
        }

        // The directory is small (about 120 services and the commune cells): territory and text filters run here,
        // where the geography is.
        IEnumerable<Service> services = await query.ToListAsync(cancellationToken);
        if (!string.IsNullOrWhiteSpace(departement))
        {
            var code = departement.Trim();
            services = services.Where(s => s.Areas.Any(a => a.Kind == ServiceAreaKind.Departement
                ? string.Equals(a.Code, code, StringComparison.OrdinalIgnoreCase)
                : string.Equals(geography.FindCommune(a.Code)?.DepartementCode, code, StringComparison.OrdinalIgnoreCase)));
        }

        if (!string.IsNullOrWhiteSpace(commune))
        {
            var code = commune.Trim();
            var parent = geography.FindCommune(code)?.ParentCode;
            services = services.Where(s => s.Areas.Any(a => a.Kind == ServiceAreaKind.Commune
                && (string.Equals(a.Code, code, StringComparison.OrdinalIgnoreCase) || a.Code == parent)));
        }

        if (!string.IsNullOrWhiteSpace(search))
        {
            var text = search.Trim();
            services = services.Where(s => s.Name.Contains(text, StringComparison.OrdinalIgnoreCase)
                || s.Organization!.Name.Contains(text, StringComparison.OrdinalIgnoreCase));
        }

        return [.. services
            .OrderBy(s => s.Kind)
            .ThenBy(s => s.Areas.Select(a => a.Code).FirstOrDefault() ?? "", StringComparer.Ordinal)
            .ThenBy(s => s.Name, StringComparer.Ordinal)
            .Select(ToSummary)];
    }

    public async Task<ServiceDto?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        var service = await Full(db.DirectoryServices.AsNoTracking()).FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        return service is null ? null : ToDto(service);
    }

    /// <summary>Every service with everything it has, for the CSV export.</summary>
    public async Task<List<ServiceDto>> AllAsync(CancellationToken cancellationToken)
    {
        var services = await Full(db.DirectoryServices.AsNoTracking()).ToListAsync(cancellationToken);
        return [.. services
            .OrderBy(s => s.Kind)
            .ThenBy(s => s.Areas.Select(a => a.Code).Order(StringComparer.Ordinal).FirstOrDefault() ?? "", StringComparer.Ordinal)
            .ThenBy(s => s.Name, StringComparer.Ordinal)
            .ThenBy(s => s.Id)
            .Select(ToDto)];
    }

    /// <summary>
    /// Applies the changes together: all are saved, or none (an unknown id or a broken rule). A dry run
    /// checks everything and saves nothing.
    /// </summary>
    public async Task<DirectoryBatchResult> ApplyAsync(IReadOnlyList<DirectoryChange> changes, bool dryRun, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await LockAsync(cancellationToken);
        var all = await db.DirectoryServices.Include(s => s.Areas).Include(s => s.Organization).ToListAsync(cancellationToken);
        var byId = all.ToDictionary(s => s.Id);
        var before = all.Select(s => s.ToEntry()).ToList();
        var now = time.GetUtcNow();
        var touched = new List<(Service Service, bool Created)>();
        var charterChanged = new HashSet<Guid>();
        var unknown = new List<DirectoryChange>();
        foreach (var change in changes)
        {
            Service service;
            if (change.Id is { } id)
            {
                if (!byId.TryGetValue(id, out var existing))
                {
                    unknown.Add(change);
                    continue;
                }

                service = existing;
                await LoadDetailsAsync(service, cancellationToken);
            }
            else
            {
                service = new Service { Name = change.Draft.Name, CreatedAt = now };
                db.DirectoryServices.Add(service);
                all.Add(service);
                byId.Add(service.Id, service);
            }

            var charterBefore = CharterSignature(service.Protocol);
            await ApplyAsync(service, change.Draft, now, cancellationToken);
            touched.Add((service, change.Id is null));
            if (CharterSignature(service.Protocol) != charterBefore)
            {
                charterChanged.Add(service.Id);
            }
        }

        var changed = touched.Select(t => t.Service.Id).ToHashSet();
        var conflicts = DirectoryRules.Check(before, [.. all.Select(s => s.ToEntry())], changed, geography);
        var result = new DirectoryBatchResult(
            [.. touched.Select(t => ToDto(t.Service))], unknown, conflicts, touched.Count(t => t.Created), touched.Count(t => !t.Created));
        if (!result.Succeeded || dryRun)
        {
            // Nothing of this batch may reach the database, not even with a later SaveChanges of this scope.
            db.ChangeTracker.Clear();
            return result;
        }

        await db.SaveChangesAsync(cancellationToken);
        foreach (var (service, created) in touched)
        {
            await audit.RecordAsync(created ? AuditAction.Create : AuditAction.Update, AuditEntity, service.Id.ToString(), cancellationToken: cancellationToken);
            if (charterChanged.Contains(service.Id))
            {
                // A charter decides what a cell may receive: its changes are a trail of their own.
                await audit.RecordAsync(AuditAction.Update, CharterAuditEntity, service.Id.ToString(), cancellationToken: cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>Takes a service out of routing. Null when there is no such service.</summary>
    public async Task<DirectoryBatchResult?> DeactivateAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await LockAsync(cancellationToken);
        var all = await db.DirectoryServices.Include(s => s.Areas).Include(s => s.Organization).ToListAsync(cancellationToken);
        if (all.Find(s => s.Id == id) is not { } service)
        {
            return null;
        }

        await LoadDetailsAsync(service, cancellationToken);
        var before = all.Select(s => s.ToEntry()).ToList();
        var wasActive = service.IsActive;
        service.Status = ServiceStatus.Inactive;
        var conflicts = DirectoryRules.Check(before, [.. all.Select(s => s.ToEntry())], new HashSet<Guid> { id }, geography);
        var result = new DirectoryBatchResult([ToDto(service)], [], conflicts, 0, wasActive ? 1 : 0);
        if (!result.Succeeded)
        {
            db.ChangeTracker.Clear();
            return result;
        }

        if (wasActive)
        {
            service.UpdatedAt = time.GetUtcNow();
            result = result with { Services = [ToDto(service)] };
            await db.SaveChangesAsync(cancellationToken);
            await audit.RecordAsync(AuditAction.Update, AuditEntity, id.ToString(), cancellationToken: cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>Serialises directory writes across requests and server instances, until the transaction ends.</summary>
    internal Task LockAsync(CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({WriteLock})", cancellationToken);

    private async Task LoadDetailsAsync(Service service, CancellationToken cancellationToken)
    {
        var entry = db.Entry(service);
        await entry.Collection(s => s.Contacts).LoadAsync(cancellationToken);
        await entry.Collection(s => s.Phones).LoadAsync(cancellationToken);
        await entry.Collection(s => s.Schedules).LoadAsync(cancellationToken);
    }

    private async Task ApplyAsync(Service service, ServiceDraft draft, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var organization = await OrganizationAsync(draft.Organization, draft.IsDemo ?? service.IsDemo, now, cancellationToken);
        service.Organization = organization;
        service.OrganizationId = organization.Id;
        service.Name = draft.Name;
        service.Kind = draft.Kind;
        service.Status = draft.Status ?? service.Status;
        service.Description = draft.Description;
        service.Email = draft.Email;
        service.Url = draft.Url;
        service.ToComplete = draft.ToComplete ?? service.ToComplete;
        service.IsDemo = draft.IsDemo ?? service.IsDemo;
        service.UpdatedAt = now;
        if (!draft.KeepProtocol)
        {
            service.Protocol = draft.Protocol;
        }

        // Areas are compared, not replaced: unchanged rows keep their id and COG year. New rows are added to the
        // context explicitly: found through the navigation of a tracked service with their (client-made) key set,
        // EF would take them for existing rows to update.
        var wanted = draft.Departements.Select(code => (Kind: ServiceAreaKind.Departement, Code: code))
            .Concat(draft.Communes.Select(code => (Kind: ServiceAreaKind.Commune, Code: code)))
            .ToList();
        service.Areas.RemoveAll(a => !wanted.Contains((a.Kind, a.Code)));
        foreach (var (kind, code) in wanted.Where(w => !service.Areas.Exists(a => a.Kind == w.Kind && a.Code == w.Code)))
        {
            var area = new ServiceArea { ServiceId = service.Id, Kind = kind, Code = code, CogYear = geography.CogYear };
            service.Areas.Add(area);
            db.ServiceAreas.Add(area);
        }

        if (draft.Phones is not null)
        {
            service.Phones.Clear();
            service.Phones.AddRange(draft.Phones.Select((p, i) => new Phone { ServiceId = service.Id, Position = i, Number = p.Number, Description = p.Description }));
            db.Phones.AddRange(service.Phones);
        }

        if (draft.Contacts is not null)
        {
            service.Contacts.Clear();
            service.Contacts.AddRange(draft.Contacts.Select((c, i) => new Contact
            {
                ServiceId = service.Id, Position = i, Name = c.Name, Title = c.Title, Email = c.Email, Phone = c.Phone,
            }));
            db.Contacts.AddRange(service.Contacts);
        }

        if (draft.Schedules is not null)
        {
            service.Schedules.Clear();
            service.Schedules.AddRange(draft.Schedules.Select((s, i) => new Schedule
            {
                ServiceId = service.Id,
                Position = i,
                Day = s.Day,
                OpensAt = DirectoryValidation.TryTime(s.Opens, out var opens) ? opens : null,
                ClosesAt = DirectoryValidation.TryTime(s.Closes, out var closes) ? closes : null,
                Description = s.Description,
            }));
            db.Schedules.AddRange(service.Schedules);
        }
    }

    /// <summary>The organization of that name, created if needed (also within this batch).</summary>
    internal async Task<Organization> OrganizationAsync(string name, bool isDemo, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var organization = db.Organizations.Local.FirstOrDefault(o => o.Name == name)
            ?? await db.Organizations.FirstOrDefaultAsync(o => o.Name == name, cancellationToken);
        if (organization is null)
        {
            organization = new Organization { Name = name, IsDemo = isDemo, CreatedAt = now };
            db.Organizations.Add(organization);
        }

        return organization;
    }

    private static IQueryable<Service> Full(IQueryable<Service> services) => services
        .Include(s => s.Organization)
        .Include(s => s.Areas)
        .Include(s => s.Contacts)
        .Include(s => s.Phones)
        .Include(s => s.Schedules)
        .AsSplitQuery();
}
