using System.Globalization;
using System.Text;
using Hotline.Server.Audit;
using Hotline.Server.Data;
using Hotline.Server.Referrals;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Server.Compliance;

/// <summary>
/// The audit list's filters, all optional (query string): a time range (<see cref="To"/> excluded), the user by id or
/// login, the action, the outcome, the entity type and id (exact), and <see cref="Before"/> to page back (entries
/// older than that id).
/// </summary>
public sealed record AuditFilter(
    DateTimeOffset? From, DateTimeOffset? To, Guid? UserId, string? User, AuditAction? Action, AuditOutcome? Outcome, string? EntityType, string? EntityId, long? Before);

/// <param name="Reference">For a referral: its human reference ("2026-000123"), the one people quote.</param>
public sealed record AuditEntryDto(
    long Id, DateTimeOffset At, Guid? UserId, string? UserName, AuditAction Action, AuditOutcome Outcome, string EntityType, string EntityId,
    string? Address, int Count, string? Reference = null);

/// <summary>The admins' review of the audit trail: the filtered list and its CSV export.</summary>
internal static class AuditReview
{
    private static IQueryable<AuditEntryDto> Query(HotlineDbContext db, AuditFilter filter)
    {
        var entries = db.AuditEntries.AsNoTracking();
        if (filter.From is { } from)
        {
            entries = entries.Where(e => e.At >= from);
        }

        if (filter.To is { } to)
        {
            entries = entries.Where(e => e.At < to);
        }

        if (filter.UserId is { } userId)
        {
            entries = entries.Where(e => e.UserId == userId);
        }

        if (!string.IsNullOrWhiteSpace(filter.User))
        {
            // The admin knows people by their login, the trail by their pseudonymous id (Identity normalises names upper-case).
            var normalized = filter.User.Trim().ToUpperInvariant();
            entries = entries.Where(e => db.Users.Any(u => u.Id == e.UserId && u.NormalizedUserName == normalized));
        }

        if (filter.Action is { } action)
        {
            entries = entries.Where(e => e.Action == action);
        }

        if (filter.Outcome is { } outcome)
        {
            entries = entries.Where(e => e.Outcome == outcome);
        }

        if (!string.IsNullOrWhiteSpace(filter.EntityType))
        {
            var entityType = filter.EntityType.Trim();
            entries = entries.Where(e => e.EntityType == entityType);
        }

        if (!string.IsNullOrWhiteSpace(filter.EntityId))
        {
            var entityId = filter.EntityId.Trim();
            // A referral is known by its reference; the trail records its id.
            if (ReferralReferences.Parse(entityId) is { Exact: { } reference })
            {
                var referralIds = db.Referrals.Where(r => r.Reference == reference).Select(r => r.Id.ToString());
                entries = entries.Where(e => e.EntityType == ReferralReader.AuditEntity && referralIds.Contains(e.EntityId));
            }
            else
            {
                entries = entries.Where(e => e.EntityId == entityId);
            }
        }

        if (filter.Before is { } before)
        {
            entries = entries.Where(e => e.Id < before);
        }

        return entries
            .OrderByDescending(e => e.Id)
            .Select(e => new AuditEntryDto(e.Id, e.At, e.UserId, db.Users.Where(u => u.Id == e.UserId).Select(u => u.UserName).FirstOrDefault(),
                e.Action, e.Outcome, e.EntityType, e.EntityId, e.Address, e.Count));
    }

    /// <summary>Newest first; <c>take</c> entries (200 by default, at most 1000), then the next page with <c>before</c> = the last id.</summary>
    internal static async Task<Ok<List<AuditEntryDto>>> List(
        HotlineDbContext db, [AsParameters] AuditFilter filter, int? take, CancellationToken cancellationToken) =>
        TypedResults.Ok(await WithReferencesAsync(db, await Query(db, filter).Take(Math.Clamp(take ?? 200, 1, 1000)).ToListAsync(cancellationToken), cancellationToken));

    /// <summary>Adds the references of the referrals among the entries (one query for the page, not one per row).</summary>
    private static async Task<List<AuditEntryDto>> WithReferencesAsync(HotlineDbContext db, List<AuditEntryDto> rows, CancellationToken cancellationToken)
    {
        var ids = rows.Where(r => r.EntityType == ReferralReader.AuditEntity)
            .Select(r => Guid.TryParse(r.EntityId, out var id) ? id : (Guid?)null).OfType<Guid>().Distinct().ToList();
        if (ids.Count == 0)
        {
            return rows;
        }

        var references = await db.Referrals.AsNoTracking().Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id.ToString(), r => r.Reference, cancellationToken);
        return [.. rows.Select(r => r.EntityType == ReferralReader.AuditEntity && references.TryGetValue(r.EntityId, out var reference) ? r with { Reference = reference } : r)];
    }

    internal static async Task<FileContentHttpResult> Export(
        HotlineDbContext db, AuditLog audit, [AsParameters] AuditFilter filter, CancellationToken cancellationToken)
    {
        var rows = await WithReferencesAsync(db, await Query(db, filter).Take(100_000).ToListAsync(cancellationToken), cancellationToken);
        var csv = new StringBuilder("id,at,user_id,user_name,action,outcome,entity_type,entity_id,address,count,reference\n");
        foreach (var row in rows)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{row.Id},{row.At:O},{row.UserId},{Csv(row.UserName)},{row.Action},{row.Outcome},{Csv(row.EntityType)},{Csv(row.EntityId)},{Csv(row.Address)},{row.Count},{Csv(row.Reference)}\n");
        }

        // Exporting the trail is itself audited.
        await audit.RecordAsync(AuditAction.Export, "AuditEntries", rows.Count.ToString(CultureInfo.InvariantCulture), cancellationToken: cancellationToken);
        return TypedResults.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv", "audit.csv");
    }

    private static string Csv(string? value)
    {
        if (value is null)
        {
            return "";
        }

        // A login such as "+1-2" or "@x" (Identity allows them) must not run as a formula in a spreadsheet.
        if (value is ['=' or '+' or '-' or '@' or '\t' or '\r', ..])
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }
}
