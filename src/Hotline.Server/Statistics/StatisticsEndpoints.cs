using System.Security.Claims;
using Hotline.Server.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Hotline.Server.Statistics;

/// <summary>The statistics endpoints: who may read what (supervisors and admins everything, coordinators their territory).</summary>
internal static class StatisticsEndpoints
{
    /// <summary>The codes of a refused request, for clients (the titles are for people).</summary>
    public const string Forbidden = "statistics-forbidden";
    public const string OutOfTerritory = "statistics-out-of-territory";

    public static async Task<Results<Ok<LiveStatistics>, ProblemHttpResult>> Live(
        ClaimsPrincipal user, LiveStatisticsTracker tracker, CancellationToken cancellationToken) =>
        SeesEverything(user)
            ? TypedResults.Ok(await tracker.CurrentAsync(cancellationToken))
            : Problem(StatusCodes.Status403Forbidden, "Le tableau de bord en direct est réservé aux superviseurs.", Forbidden);

    public static async Task<Results<Ok<StatisticsReport>, ProblemHttpResult, ValidationProblem>> Report(
        ClaimsPrincipal user, StatisticsReports reports, IOptions<StatisticsOptions> options,
        DateOnly from, DateOnly to, string groupBy, string? departement, CancellationToken cancellationToken)
    {
        var (request, departements, suppress, problem) = Authorize(user, options.Value, from, to, groupBy, departement);
        return problem switch
        {
            ProblemHttpResult forbidden => forbidden,
            ValidationProblem invalid => invalid,
            _ => TypedResults.Ok(await reports.BuildAsync(request, departements, suppress, cancellationToken)),
        };
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult, ValidationProblem>> ReportCsv(
        ClaimsPrincipal user, StatisticsReports reports, IOptions<StatisticsOptions> options,
        DateOnly from, DateOnly to, string groupBy, string? departement, CancellationToken cancellationToken)
    {
        var (request, departements, suppress, problem) = Authorize(user, options.Value, from, to, groupBy, departement);
        if (problem is ProblemHttpResult forbidden)
        {
            return forbidden;
        }

        if (problem is ValidationProblem invalid)
        {
            return invalid;
        }

        var report = await reports.BuildAsync(request, departements, suppress, cancellationToken);
        return TypedResults.File(ReportCsvWriter.Write(report), "text/csv; charset=utf-8", ReportCsvWriter.FileName(report));
    }

    /// <summary>Supervisors and admins see everything; coordinators their départements, counts under 5 suppressed.</summary>
    private static (ReportRequest Request, IReadOnlyList<string>? Departements, bool Suppress, IResult? Problem) Authorize(
        ClaimsPrincipal user, StatisticsOptions options, DateOnly from, DateOnly to, string groupBy, string? departement)
    {
        var code = string.IsNullOrWhiteSpace(departement) ? null : departement.Trim().ToUpperInvariant();
        // "day" as the links write it, or "Day" as the enum is named: any case.
        if (!Enum.TryParse<StatisticsGroupBy>(groupBy, ignoreCase: true, out var cut) || !Enum.IsDefined(cut))
        {
            return (new ReportRequest(from, to, default, code), null, false, TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["groupBy"] = ["Regroupement inconnu : day, week, month, departement, motive ou outcome."] },
                title: "Regroupement invalide.", extensions: new Dictionary<string, object?> { ["code"] = "statistics-invalid-group" }));
        }

        var request = new ReportRequest(from, to, cut, code);
        if (to < from || to.DayNumber - from.DayNumber >= options.MaxReportDays)
        {
            return (request, null, false, TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["to"] = [$"La période va du {from:dd/MM/yyyy} au {to:dd/MM/yyyy} : elle doit finir après son début et durer {options.MaxReportDays} jours au plus."] },
                title: "Période invalide.", extensions: new Dictionary<string, object?> { ["code"] = "statistics-invalid-period" }));
        }

        if (SeesEverything(user))
        {
            return (request, code is null ? null : [code], false, null);
        }

        if (!user.IsInRole(Roles.Coordinator))
        {
            return (request, null, false, Problem(StatusCodes.Status403Forbidden, "Les statistiques sont réservées aux superviseurs et aux coordinateurs.", Forbidden));
        }

        List<string> territory = [.. user.FindAll(HotlineClaims.Departement).Select(c => c.Value.Trim().ToUpperInvariant()).Distinct()];
        if (code is not null && !territory.Contains(code))
        {
            return (request, null, true, Problem(StatusCodes.Status403Forbidden, "Ce département n’est pas dans votre territoire.", OutOfTerritory));
        }

        return (request, code is null ? territory : [code], true, null);
    }

    private static bool SeesEverything(ClaimsPrincipal user) => user.IsInRole(Roles.Supervisor) || user.IsInRole(Roles.Admin);

    private static ProblemHttpResult Problem(int status, string title, string code) =>
        TypedResults.Problem(statusCode: status, title: title, extensions: new Dictionary<string, object?> { ["code"] = code });
}
