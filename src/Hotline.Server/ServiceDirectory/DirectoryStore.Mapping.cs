namespace Hotline.Server.ServiceDirectory;

/// <summary>What the directory API returns of a stored service.</summary>
public sealed partial class DirectoryStore
{
    private static string? CharterSignature(CellProtocol? protocol) => protocol is null
        ? null
        : string.Join("|", protocol.SignedOn, protocol.PrefectSignatory, protocol.MayorSignatory, protocol.ProsecutorSignatory,
            protocol.DirectTransmission, string.Join(",", protocol.AllowedPurposes), protocol.ReviewOn);

    private static List<string> AreaCodes(Service s, ServiceAreaKind kind) =>
        [.. s.Areas.Where(a => a.Kind == kind).Select(a => a.Code).Order(StringComparer.Ordinal)];

    internal static ServiceSummary ToSummary(Service s) => new(
        s.Id,
        s.Organization?.Name ?? "",
        s.Name,
        s.Kind,
        s.Status,
        AreaCodes(s, ServiceAreaKind.Departement),
        AreaCodes(s, ServiceAreaKind.Commune),
        s.ToComplete,
        s.IsDemo);

    internal static ServiceDto ToDto(Service s) => new(
        s.Id,
        s.Organization?.Name ?? "",
        s.Name,
        s.Kind,
        s.Status,
        AreaCodes(s, ServiceAreaKind.Departement),
        AreaCodes(s, ServiceAreaKind.Commune),
        s.Description,
        s.Email,
        s.Url,
        [.. s.Phones.OrderBy(p => p.Position).Select(p => new PhoneDto(p.Number, p.Description))],
        [.. s.Contacts.OrderBy(c => c.Position).Select(c => new ContactDto(c.Name, c.Title, c.Email, c.Phone))],
        [.. s.Schedules.OrderBy(x => x.Position).Select(x => new ScheduleDto(
            x.Day,
            x.OpensAt is { } opens ? DirectoryValidation.Format(opens) : null,
            x.ClosesAt is { } closes ? DirectoryValidation.Format(closes) : null,
            x.Description))],
        s.ToComplete,
        s.IsDemo,
        s.CreatedAt,
        s.UpdatedAt,
        s.Protocol?.ToDto());
}
