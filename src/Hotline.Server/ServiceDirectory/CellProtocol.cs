namespace Hotline.Server.ServiceDirectory;

/// <summary>
/// The charter under which a commune cell (CMER) may receive named information: signed by the préfet, the
/// mayor and the procureur (instruction of 13 November 2018, INTK1826096J). Without one a cell receives
/// nothing from the line, directly or forwarded; with one that does not allow direct transmission from the
/// national line, the departmental cell receives the referral and may forward it under the charter.
/// Stored on the service (columns <c>protocol_*</c>); only a commune cell has one.
/// </summary>
public sealed class CellProtocol
{
    public DateOnly SignedOn { get; set; }

    /// <summary>The préfet (or préfet de police) who signed, as the charter names them (a title is enough).</summary>
    public required string PrefectSignatory { get; set; }

    public required string MayorSignatory { get; set; }

    public required string ProsecutorSignatory { get; set; }

    /// <summary>The charter lets the national line send to the cell directly (otherwise only through the préfecture).</summary>
    public bool DirectTransmission { get; set; }

    /// <summary>Codes of <c>Referrals:Transfers:CommuneCell:Purposes</c> the charter allows; empty: any configured purpose.</summary>
    public List<string> AllowedPurposes { get; set; } = [];

    /// <summary>The charter is due for review on that day; past it, it is treated as expired until an admin records the review.</summary>
    public DateOnly ReviewOn { get; set; }

    public ProtocolTerms ToTerms() => new(SignedOn, ReviewOn, DirectTransmission, [.. AllowedPurposes]);

    public ProtocolDto ToDto() => new(SignedOn, PrefectSignatory, MayorSignatory, ProsecutorSignatory, DirectTransmission, [.. AllowedPurposes], ReviewOn);
}

/// <summary>A commune cell's charter as the admin API and the CSV carry it.</summary>
/// <param name="AllowedPurposes">Purpose codes of a commune-cell transfer the charter allows; empty: every configured purpose.</param>
public sealed record ProtocolDto(
    DateOnly? SignedOn,
    string? PrefectSignatory,
    string? MayorSignatory,
    string? ProsecutorSignatory,
    bool? DirectTransmission,
    IReadOnlyList<string>? AllowedPurposes,
    DateOnly? ReviewOn);

/// <summary>Why a commune cell may, or may not, receive a referral from the line itself.</summary>
public enum ProtocolVerdict
{
    /// <summary>A charter in force allows direct transmission (for this purpose, when one is given).</summary>
    DirectAllowed,

    /// <summary>No charter recorded: the cell receives nothing, directly or forwarded.</summary>
    NoProtocol,

    /// <summary>The charter is past its review date: nothing goes to the cell until it is reviewed.</summary>
    Expired,

    /// <summary>The charter routes exchanges through the préfecture: the departmental cell may forward.</summary>
    DirectNotAllowed,

    /// <summary>The charter allows direct transmission, but not for this purpose.</summary>
    PurposeNotAllowed,
}

/// <summary>What routing needs of a charter (no names).</summary>
public sealed record ProtocolTerms(DateOnly SignedOn, DateOnly ReviewOn, bool DirectTransmission, IReadOnlyList<string> AllowedPurposes)
{
    /// <summary>May the line send to the cell directly, on <paramref name="today"/>, for <paramref name="purpose"/> (null: not chosen yet)?</summary>
    public static ProtocolVerdict Direct(ProtocolTerms? protocol, DateOnly today, string? purpose)
    {
        if (protocol is null)
        {
            return ProtocolVerdict.NoProtocol;
        }

        if (protocol.ReviewOn < today)
        {
            return ProtocolVerdict.Expired;
        }

        if (!protocol.DirectTransmission)
        {
            return ProtocolVerdict.DirectNotAllowed;
        }

        return purpose is not null && protocol.AllowedPurposes.Count > 0 && !protocol.AllowedPurposes.Contains(purpose, StringComparer.Ordinal)
            ? ProtocolVerdict.PurposeNotAllowed
            : ProtocolVerdict.DirectAllowed;
    }

    /// <summary>May the departmental cell forward to the cell (a redirection): a charter in force, whatever it says of direct transmission.</summary>
    public static bool AllowsForwarding(ProtocolTerms? protocol, DateOnly today) => protocol is not null && protocol.ReviewOn >= today;

    /// <summary>How a redirection names the charter it relies on.</summary>
    public static string Describe(string cellName, ProtocolTerms protocol) =>
        $"charte de {cellName} signée le {protocol.SignedOn:dd/MM/yyyy} (préfet, maire, procureur), à réviser le {protocol.ReviewOn:dd/MM/yyyy}";
}
