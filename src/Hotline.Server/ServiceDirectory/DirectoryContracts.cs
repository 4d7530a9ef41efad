namespace Hotline.Server.ServiceDirectory;

// What the directory API reads and writes. Never the EF entities: these records are the contract.

public sealed record PhoneDto(string Number, string? Description = null);

public sealed record ContactDto(string Name, string? Title = null, string? Email = null, string? Phone = null);

/// <summary>A weekly row (<paramref name="Day"/>, <paramref name="Opens"/> and <paramref name="Closes"/> as "HH:mm") or a free text.</summary>
public sealed record ScheduleDto(DayOfWeek? Day = null, string? Opens = null, string? Closes = null, string? Description = null);

public sealed record ServiceDto(
    Guid Id,
    string Organization,
    string Name,
    ServiceKind Kind,
    ServiceStatus Status,
    IReadOnlyList<string> Departements,
    IReadOnlyList<string> Communes,
    string? Description,
    string? Email,
    string? Url,
    IReadOnlyList<PhoneDto> Phones,
    IReadOnlyList<ContactDto> Contacts,
    IReadOnlyList<ScheduleDto> Schedules,
    bool ToComplete,
    bool IsDemo,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    ProtocolDto? Protocol = null);

/// <summary>A line of the directory list.</summary>
public sealed record ServiceSummary(
    Guid Id,
    string Organization,
    string Name,
    ServiceKind Kind,
    ServiceStatus Status,
    IReadOnlyList<string> Departements,
    IReadOnlyList<string> Communes,
    bool ToComplete,
    bool IsDemo);

/// <summary>
/// Creates or replaces a service. <see cref="Organization"/> is a name: an organization of that name is
/// used, or created. On update, an omitted (null) <see cref="Status"/>, list, <see cref="ToComplete"/> or
/// <see cref="IsDemo"/> keeps its current value (a new service is active); an empty list clears it.
/// Other fields are replaced: a commune cell sent without <see cref="Protocol"/> has no charter any more.
/// </summary>
public sealed record ServiceRequest(
    string? Organization,
    string? Name,
    ServiceKind? Kind,
    ServiceStatus? Status = null,
    IReadOnlyList<string>? Departements = null,
    IReadOnlyList<string>? Communes = null,
    string? Description = null,
    string? Email = null,
    string? Url = null,
    IReadOnlyList<PhoneDto>? Phones = null,
    IReadOnlyList<ContactDto>? Contacts = null,
    IReadOnlyList<ScheduleDto>? Schedules = null,
    bool? ToComplete = null,
    bool? IsDemo = null,
    ProtocolDto? Protocol = null);

/// <summary>A directory rule a write would break (answered 409).</summary>
public sealed record RuleConflict(string Rule, string Message, IReadOnlyList<Guid> ServiceIds);

/// <summary>The purposes and legal bases the triage offers for a transfer to a commune cell.</summary>
public sealed record CommuneCellTransferChoices(IReadOnlyList<TransferChoiceDto> Purposes, IReadOnlyList<TransferChoiceDto> LegalBases);

public sealed record TransferChoiceDto(string Code, string Label);

/// <summary>The purposes and legal bases of a transfer to one kind of service (<c>Referrals:Transfers:&lt;Kind&gt;</c>).</summary>
public sealed record KindTransferChoices(ServiceKind Kind, IReadOnlyList<TransferChoiceDto> Purposes, IReadOnlyList<TransferChoiceDto> LegalBases);
