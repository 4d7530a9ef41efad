using System.Globalization;
using System.Text;
using Hotline.Server.Audit;
using Hotline.Server.Geography;
using Hotline.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Hotline.Server.ServiceDirectory;

/// <summary>A routing question from the triage form or a coordinator redirecting a referral.</summary>
/// <param name="Purpose">The purpose code of the transfer, if chosen: a commune cell's charter may allow only some.</param>
public sealed record RoutingQuery(RoutingIntent? Intent, string? CommuneCode, string? DepartementCode, string? PostalCode, string? Purpose = null);

/// <summary>The admin API of the service directory, routing previews and the commune-cell transfer choices.</summary>
internal static class DirectoryEndpoints
{
    /// <summary>An import body larger than this is refused (the whole directory exports to well under 1 MB).</summary>
    public const int MaxImportBytes = 4 * 1024 * 1024;

    public static void Map(RouteGroupBuilder group)
    {
        group.WithTags("Directory").WithApiProblems();
        group.MapGet("/services", List).RequireAuthorization(Identity.Policies.DirectoryReader)
            .WithSummary("The directory's services matching the filters.");
        group.MapGet("/services/{id:guid}", Get).RequireAuthorization(Identity.Policies.DirectoryReader)
            .WithSummary("One service, with its phones, contacts and schedules.");
        group.MapPost("/services", Create).RequireAuthorization(Identity.Policies.Admin)
            .WithSummary("Create a service (409 with the rules it would break).")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPut("/services/{id:guid}", Update).RequireAuthorization(Identity.Policies.Admin)
            .WithSummary("Replace every field of a service (409 with the rules it would break).")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/services/{id:guid}/deactivate", Deactivate).RequireAuthorization(Identity.Policies.Admin)
            .WithSummary("Deactivate a service (services are never deleted).")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/services/export.csv", Export).RequireAuthorization(Identity.Policies.Admin)
            .WithSummary("The whole directory as CSV, in the import's format.")
            .Produces<string>(StatusCodes.Status200OK, "text/csv");
        group.MapPost("/services/import", Import).RequireAuthorization(Identity.Policies.Admin)
            .WithMetadata(new RequestSizeLimitAttribute(MaxImportBytes))
            .WithSummary("Import a CSV (the body, text/csv): all rows or none; ?dryRun=true only checks.")
            .Accepts<string>("text/csv")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        group.MapPost("/routing", Route).RequireAuthorization(Identity.Policies.DirectoryReader)
            .WithSummary("Where a family would be referred for an intent and a place, and why.");
        group.MapGet("/transfers", AllTransferChoices).RequireAuthorization(Identity.Policies.DirectoryReader)
            .WithSummary("For every kind of service, the purposes and legal bases a transfer to it may state.");
        group.MapGet("/commune-cell-transfer", TransferChoices).RequireAuthorization(Identity.Policies.DirectoryReader)
            .WithSummary("The purposes and legal bases a transfer to a commune cell may state.");
    }

    internal static async Task<Ok<List<ServiceSummary>>> List(
        DirectoryStore store, ServiceKind? kind, ServiceStatus? status, string? departement, string? commune, bool? toComplete, bool? demo, string? search,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListAsync(kind, status, departement, commune, toComplete, demo, search, cancellationToken));

    internal static async Task<Results<Ok<ServiceDto>, NotFound>> Get(Guid id, DirectoryStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken) is { } service ? TypedResults.Ok(service) : TypedResults.NotFound();

    internal static async Task<Results<Created<ServiceDto>, ValidationProblem, ProblemHttpResult>> Create(
        ServiceRequest request, DirectoryStore store, GeographyCatalog geography, IOptions<TransferOptions> transfers, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, List<string>>();
        if (DirectoryValidation.Validate(request, geography, CommuneCellPurposes(transfers), errors) is not { } draft)
        {
            return Invalid(errors);
        }

        var result = await store.ApplyAsync([new DirectoryChange(null, draft)], dryRun: false, cancellationToken);
        if (result.Conflicts.Count > 0)
        {
            return Conflict(result.Conflicts);
        }

        var service = result.Services[0];
        return TypedResults.Created($"/api/directory/services/{service.Id}", service);
    }

    internal static async Task<Results<Ok<ServiceDto>, ValidationProblem, NotFound, ProblemHttpResult>> Update(
        Guid id, ServiceRequest request, DirectoryStore store, GeographyCatalog geography, IOptions<TransferOptions> transfers,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, List<string>>();
        if (DirectoryValidation.Validate(request, geography, CommuneCellPurposes(transfers), errors) is not { } draft)
        {
            return Invalid(errors);
        }

        var result = await store.ApplyAsync([new DirectoryChange(id, draft)], dryRun: false, cancellationToken);
        if (result.UnknownIds.Count > 0)
        {
            return TypedResults.NotFound();
        }

        return result.Conflicts.Count > 0 ? Conflict(result.Conflicts) : TypedResults.Ok(result.Services[0]);
    }

    internal static async Task<Results<Ok<ServiceDto>, NotFound, ProblemHttpResult>> Deactivate(Guid id, DirectoryStore store, CancellationToken cancellationToken)
    {
        var result = await store.DeactivateAsync(id, cancellationToken);
        if (result is null)
        {
            return TypedResults.NotFound();
        }

        return result.Conflicts.Count > 0 ? Conflict(result.Conflicts) : TypedResults.Ok(result.Services[0]);
    }

    internal static async Task<FileContentHttpResult> Export(DirectoryStore store, AuditLog audit, CancellationToken cancellationToken)
    {
        var services = await store.AllAsync(cancellationToken);
        // Contacts of professionals leave with the file (not in it, but the export is still a bulk read): audited.
        await audit.RecordAsync(AuditAction.Export, "DirectoryServices", services.Count.ToString(CultureInfo.InvariantCulture), cancellationToken: cancellationToken);
        return TypedResults.File(DirectoryCsv.Write(services), "text/csv; charset=utf-8", "directory.csv");
    }

    /// <summary>
    /// The CSV is the request body (text/csv). <c>?dryRun=true</c> checks everything and imports nothing,
    /// answering 200 with every error. Otherwise the rows are imported together, or none of them: 400 with
    /// every error when a row is invalid, 409 when the rows are valid but break a directory rule.
    /// </summary>
    internal static async Task<Results<Ok<ImportReport>, ProblemHttpResult>> Import(
        HttpRequest request, bool? dryRun, DirectoryStore store, GeographyCatalog geography, IOptions<TransferOptions> transfers,
        CancellationToken cancellationToken)
    {
        var dry = dryRun ?? false;
        string text;
        using (var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: true))
        {
            text = await reader.ReadToEndAsync(cancellationToken);
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Le fichier est vide : envoyez le CSV (text/csv).");
        }

        var (changes, errors, rows) = DirectoryCsv.Read(text, geography, CommuneCellPurposes(transfers));
        var report = new ImportReport(dry, Imported: false, rows, Created: 0, Updated: 0, errors);
        if (changes.Count > 0)
        {
            // Even with row errors, the valid rows are checked against the directory (ids, rules), so that a
            // dry run reports every problem at once. Saved only if nothing at all is wrong.
            var result = await store.ApplyAsync(changes, dry || errors.Count > 0, cancellationToken);
            errors.AddRange(result.UnknownIds.Select(c => new ImportError(c.Row, "id", "Aucun service n’a cet identifiant (laissez la cellule vide pour créer un service).")));
            errors.AddRange(RuleErrors(changes, result));
            report = new ImportReport(
                dry,
                Imported: !dry && errors.Count == 0,
                rows,
                errors.Count == 0 ? result.Created : 0,
                errors.Count == 0 ? result.Updated : 0,
                [.. errors.OrderBy(e => e.Row).ThenBy(e => e.Column, StringComparer.Ordinal)]);
        }
        else if (rows == 0 && errors.Count == 0)
        {
            report = report with { Errors = [new ImportError(2, "", "Le fichier a une ligne d’en-tête mais aucun service.")] };
        }

        if (dry || report.Errors.Count == 0)
        {
            return TypedResults.Ok(report);
        }

        var onlyRules = report.Errors.All(e => e.Rule is not null);
        return TypedResults.Problem(new ProblemDetails
        {
            Status = onlyRules ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest,
            Title = onlyRules ? "L’import enfreindrait une règle de l’annuaire : rien n’a été importé." : "Le fichier contient des erreurs : rien n’a été importé.",
            Detail = report.Errors.Count == 1
                ? "1 erreur. Vérifiez d’abord un fichier avec ?dryRun=true."
                : $"{report.Errors.Count} erreurs. Vérifiez d’abord un fichier avec ?dryRun=true.",
            Extensions = { ["rowErrors"] = report.Errors },
        });
    }

    internal static async Task<Results<Ok<RoutingDecision>, ValidationProblem>> Route(
        RoutingQuery query, DirectoryRouter router, CancellationToken cancellationToken)
    {
        if (query.Intent is not { } intent)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["intent"] = [$"L’intention d’orientation est obligatoire : {string.Join(", ", Enum.GetNames<RoutingIntent>())}."],
            });
        }

        return TypedResults.Ok(await router.DecideAsync(new RoutingRequest(intent, query.CommuneCode, query.DepartementCode, query.PostalCode, query.Purpose), cancellationToken));
    }

    private static string[] CommuneCellPurposes(IOptions<TransferOptions> transfers) => [.. transfers.Value.CommuneCell.Purposes.Select(p => p.Code)];

    internal static Ok<CommuneCellTransferChoices> TransferChoices(IOptions<TransferOptions> transfers)
    {
        var transfer = transfers.Value.CommuneCell;
        return TypedResults.Ok(new CommuneCellTransferChoices(
            [.. transfer.Purposes.Select(c => new TransferChoiceDto(c.Code, c.Label))],
            [.. transfer.LegalBases.Select(c => new TransferChoiceDto(c.Code, c.Label))]));
    }

    internal static Ok<List<KindTransferChoices>> AllTransferChoices(IOptions<TransferOptions> transfers) =>
        TypedResults.Ok(TransferOptions.Defaults.Keys.Select(kind => new KindTransferChoices(
            kind,
            [.. transfers.Value.For(kind).Purposes.Select(c => new TransferChoiceDto(c.Code, c.Label))],
            [.. transfers.Value.For(kind).LegalBases.Select(c => new TransferChoiceDto(c.Code, c.Label))])).ToList());

    /// <summary>A broken rule, reported on the rows of the services it involves (the first changed one when none is a row).</summary>
    private static IEnumerable<ImportError> RuleErrors(List<DirectoryChange> changes, DirectoryBatchResult result)
    {
        var rowOfService = new Dictionary<Guid, int>();
        foreach (var (change, service) in changes.Where(c => !result.UnknownIds.Contains(c)).Zip(result.Services))
        {
            rowOfService.TryAdd(service.Id, change.Row);
        }

        foreach (var conflict in result.Conflicts)
        {
            var column = conflict.Rule == DirectoryRules.NoOverlappingCommuneCells ? "communes" : "status";
            var rows = conflict.ServiceIds.Where(rowOfService.ContainsKey).Select(id => rowOfService[id]).Distinct().Order().ToList();
            foreach (var row in rows.Count > 0 ? rows : [changes[0].Row])
            {
                yield return new ImportError(row, column, conflict.Message, conflict.Rule);
            }
        }
    }

    private static ValidationProblem Invalid(Dictionary<string, List<string>> errors) =>
        TypedResults.ValidationProblem(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));

    private static ProblemHttpResult Conflict(IReadOnlyList<RuleConflict> conflicts) =>
        TypedResults.Problem(new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Title = "Les règles de l’annuaire interdisent cette modification.",
            Detail = string.Join(" ", conflicts.Select(c => c.Message)),
            Extensions = { ["conflicts"] = conflicts },
        });
}
