using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Hotline.Server.Triage;

/// <summary>
/// Section <c>Triage</c>. The taxonomy (warning signs and urgency scale) is our own design — no
/// official scale exists (see DOMAIN.md) — so it lives in configuration, with a version that every
/// triage records. Change <c>Version</c> whenever the signs or the scale change.
/// </summary>
public sealed class TriageOptions
{
    public const string Section = "Triage";

    public TriageTaxonomy Taxonomy { get; set; } = new();

    /// <summary>The longest summary accepted, in characters.</summary>
    public int MaxSummaryLength { get; set; } = 20_000;
}

public sealed class TriageTaxonomy
{
    /// <summary>E.g. "2026-1"; stored with every triage.</summary>
    public string Version { get; set; } = "";

    public List<WarningSignDefinition> Signs { get; set; } = [];

    /// <summary>The urgency scale, from the least to the most urgent.</summary>
    public List<UrgencyLevelDefinition> Urgency { get; set; } = [];

    public WarningSignDefinition? Sign(string id) => Signs.FirstOrDefault(s => s.Id == id);

    public UrgencyLevelDefinition? Level(string? id) => id is null ? null : Urgency.FirstOrDefault(u => u.Id == id);
}

public sealed class WarningSignDefinition
{
    public string Id { get; set; } = "";

    /// <summary>Language code ("fr", "en") → label.</summary>
    public Dictionary<string, string> Label { get; set; } = [];

    /// <summary>No longer offered; still accepted on a triage that already has it, so old triages stay editable.</summary>
    public bool Retired { get; set; }
}

public sealed class UrgencyLevelDefinition
{
    public string Id { get; set; } = "";

    public Dictionary<string, string> Label { get; set; } = [];

    /// <summary>A referral at this level must be acknowledged within <c>Referrals:UrgentAcknowledgement</c> (hours, not working days).</summary>
    public bool Urgent { get; set; }

    /// <summary>The immediate-danger level: needs the 17/112 confirmation and alerts supervisors.</summary>
    public bool ImmediateDanger { get; set; }
}

/// <summary>Checks the taxonomy at start-up, each message naming its setting.</summary>
internal sealed partial class TriageOptionsValidator : IValidateOptions<TriageOptions>
{
    public static readonly string[] Languages = ["fr", "en"];

    public ValidateOptionsResult Validate(string? name, TriageOptions options)
    {
        var errors = new List<string>();
        var taxonomy = options.Taxonomy;
        const string prefix = "Triage:Taxonomy";
        if (string.IsNullOrWhiteSpace(taxonomy.Version) || taxonomy.Version.Length > 32)
        {
            errors.Add($"{prefix}:Version is required (at most 32 characters), e.g. \"2026-1\"; every triage records it.");
        }

        if (taxonomy.Signs.Count == 0)
        {
            errors.Add($"{prefix}:Signs must list the warning signs.");
        }

        CheckEntries(errors, $"{prefix}:Signs", taxonomy.Signs.Select(s => (s.Id, s.Label)).ToList());
        if (taxonomy.Urgency.Count < 2)
        {
            errors.Add($"{prefix}:Urgency must list at least two levels.");
        }

        CheckEntries(errors, $"{prefix}:Urgency", taxonomy.Urgency.Select(u => (u.Id, u.Label)).ToList());
        if (taxonomy.Urgency.Count(u => u.ImmediateDanger) != 1)
        {
            errors.Add($"{prefix}:Urgency must have exactly one level with ImmediateDanger=true.");
        }

        if (options.MaxSummaryLength is < 100 or > 100_000)
        {
            errors.Add("Triage:MaxSummaryLength must be between 100 and 100000.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Ids are stable, lower-case and unique; every entry has a label in each console language.</summary>
    internal static void CheckEntries(List<string> errors, string key, IReadOnlyList<(string Id, Dictionary<string, string> Label)> entries)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
        {
            var (id, label) = entries[i];
            if (!IdPattern().IsMatch(id ?? ""))
            {
                errors.Add($"{key}:{i}:Id \"{id}\" must be lower-case letters, digits and dashes (at most 64).");
            }
            else if (!seen.Add(id!))
            {
                errors.Add($"{key}:{i}:Id \"{id}\" appears twice.");
            }

            foreach (var language in Languages)
            {
                if (!label.TryGetValue(language, out var text) || string.IsNullOrWhiteSpace(text))
                {
                    errors.Add($"{key}:{i}:Label:{language} is required.");
                }
            }
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex IdPattern();
}
