using Hotline.Server.Hosting;

namespace Hotline.Server.Triage;

/// <summary>
/// Concurrent edits of one triage (two tabs, a counsellor and a supervisor): a save states the revision it started from,
/// and a stale one is refused with what the client needs to merge — the current triage and the fields that differ.
/// </summary>
public static class TriageRevisions
{
    public const string StaleCode = "triage-stale";

    /// <summary>The fields (as <c>problems</c> names them) whose value in the request is not the current one.</summary>
    public static IReadOnlyList<string> Differences(TriageRequest request, TriageView current)
    {
        var person = request.Concerned ?? new ConcernedPersonRequest(null, null, null, null, null);
        var commune = Blank(person.CommuneCode);
        var differences = new List<string>();
        void Compare(string field, bool differs)
        {
            if (differs)
            {
                differences.Add(field);
            }
        }

        Compare("callerRelation", request.CallerRelation != current.CallerRelation);
        Compare("concerned.age", person.Age != current.Concerned.Age);
        Compare("concerned.ageBand", person.AgeBand != current.Concerned.AgeBand);
        Compare("concerned.minor", person.Minor is { } minor && minor != current.Concerned.Minor);
        Compare("concerned.communeCode", !string.Equals(commune, current.Concerned.CommuneCode, StringComparison.OrdinalIgnoreCase));
        Compare("concerned.departementCode", commune is null
            && !string.Equals(Blank(person.DepartementCode), current.Concerned.DepartementCode, StringComparison.OrdinalIgnoreCase));
        Compare("warningSigns", !(request.WarningSigns ?? []).ToHashSet(StringComparer.Ordinal).SetEquals(current.WarningSigns));
        Compare("urgency", !string.Equals(request.Urgency, current.Urgency, StringComparison.Ordinal));
        Compare("summary", !string.Equals(Blank(request.Summary), current.Summary, StringComparison.Ordinal));
        Compare("communeCellConsent", (request.CommuneCellConsent ?? false) != current.CommuneCellConsent);
        Compare("outcome", request.Outcome != current.Outcome);
        Compare("emergencyServices", request.EmergencyServices != current.EmergencyServices);
        Compare("immediateDanger", (request.ImmediateDanger ?? false) != current.ImmediateDanger);
        return differences;
    }

    /// <summary>409: nothing saved; the current triage, its revision and the differing fields, for the client to merge.</summary>
    public static ServiceProblem Stale(TriageView current, IReadOnlyList<string> differences) => new(
        ProblemKind.Conflict,
        $"La fiche a été enregistrée entre-temps par quelqu’un d’autre (version {current.Revision}) : rien n’a été enregistré. Fusionnez avec cette version puis enregistrez à nouveau.",
        Extensions: new Dictionary<string, object?>
        {
            ["code"] = StaleCode,
            ["currentTriage"] = current,
            ["revision"] = current.Revision,
            ["differences"] = differences,
        });

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>
/// Tells the consoles that a call's triage was saved (ids and revision only: no content), so another tab or a supervisor
/// reloads it. Declared here, implemented by the live console.
/// </summary>
public interface ITriageNotifier
{
    Task TriageChangedAsync(Guid callId, Guid? holderId, int revision);
}
