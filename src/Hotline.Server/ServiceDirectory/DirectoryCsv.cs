using System.Globalization;
using System.Text.RegularExpressions;
using CsvHelper;
using Hotline.Server.Geography;

namespace Hotline.Server.ServiceDirectory;

/// <summary>One problem of an import: the file's line (1 is the header), the column, what is wrong.</summary>
/// <param name="Rule">Set when a directory rule (<see cref="DirectoryRules"/>) is broken rather than a field.</param>
public sealed record ImportError(long Row, string Column, string Message, string? Rule = null);

/// <summary>What an import did, or would do (dry run). Nothing is imported unless every row is valid.</summary>
public sealed record ImportReport(bool DryRun, bool Imported, int Rows, int Created, int Updated, IReadOnlyList<ImportError> Errors);

/// <summary>
/// The directory as CSV (CsvHelper): comma separated, a header row, UTF-8 with a byte order mark so that
/// spreadsheets read the accents. One row per service; lists in a cell are separated by "; ". Contacts
/// (people) are not in the file: they are managed in the admin API and an import keeps them.
/// </summary>
/// <remarks>
/// Columns: <c>id</c> (empty: a new service), <c>organization</c>, <c>name</c>, <c>kind</c>, <c>status</c>,
/// <c>departements</c>, <c>communes</c> (INSEE codes), <c>description</c>, <c>email</c>, <c>url</c>,
/// <c>phones</c> ("04 90 91 00 00 (accueil); …"), <c>schedule</c> ("Monday 09:00-12:00; sur rendez-vous"),
/// <c>to_complete</c>, <c>demo</c> (true/false; empty keeps the service's value). Every column must be
/// there (the export is the template); a row replaces the service's fields. Services absent from the
/// file are left as they are (deactivate one with a row whose status is Inactive).
/// A commune cell's charter takes the <see cref="ProtocolColumns"/> (dates as 2026-01-31, purposes as codes
/// separated by "; "): all empty, the cell has no charter. Files made before these columns existed import
/// without them, and then keep every charter as it is; with them, they come all together.
/// </remarks>
public static partial class DirectoryCsv
{
    public static readonly IReadOnlyList<string> RequiredColumns =
        ["id", "organization", "name", "kind", "status", "departements", "communes", "description", "email", "url", "phones", "schedule", "to_complete", "demo"];

    public static readonly IReadOnlyList<string> ProtocolColumns =
        ["protocol_signed_on", "protocol_prefect", "protocol_mayor", "protocol_prosecutor", "protocol_direct", "protocol_purposes", "protocol_review_on"];

    public static readonly IReadOnlyList<string> Columns = [.. RequiredColumns, .. ProtocolColumns];

    private const string DateFormat = "yyyy-MM-dd";

    /// <summary>How many rows one import takes: the directory is a few hundred services.</summary>
    public const int MaxRows = 5000;

    private const string ListSeparator = "; ";

    /// <summary>Validation errors are keyed by the request's field names; these are their columns.</summary>
    private static readonly Dictionary<string, string> _columnOfField = new(StringComparer.Ordinal)
    {
        ["organization"] = "organization", ["name"] = "name", ["kind"] = "kind", ["status"] = "status",
        ["departements"] = "departements", ["communes"] = "communes", ["description"] = "description",
        ["email"] = "email", ["url"] = "url", ["phones"] = "phones", ["schedules"] = "schedule", ["protocol"] = "protocol_signed_on",
    };

    public static byte[] Write(IEnumerable<ServiceDto> services)
    {
        using var stream = new MemoryStream();
        var options = CsvWriterOptions.Default with
        {
            WriteByteOrderMark = true,
            // A name starting with "=" must not run as a formula in a spreadsheet: it gets a leading apostrophe,
            // which the import removes again.
            Injection = CsvInjection.Escape,
        };
        using (var writer = CsvWriter.Create(stream, options, leaveOpen: true))
        {
            writer.WriteHeader([.. Columns]);
            foreach (var s in services)
            {
                writer.WriteRecord(
                [
                    s.Id.ToString(),
                    s.Organization,
                    s.Name,
                    s.Kind.ToString(),
                    s.Status.ToString(),
                    string.Join(ListSeparator, s.Departements),
                    string.Join(ListSeparator, s.Communes),
                    s.Description ?? "",
                    s.Email ?? "",
                    s.Url ?? "",
                    string.Join(ListSeparator, s.Phones.Select(p => p.Description is null ? p.Number : $"{p.Number} ({p.Description})")),
                    string.Join(ListSeparator, s.Schedules.Select(FormatSchedule)),
                    s.ToComplete ? "true" : "false",
                    s.IsDemo ? "true" : "false",
                    s.Protocol?.SignedOn?.ToString(DateFormat, CultureInfo.InvariantCulture) ?? "",
                    s.Protocol?.PrefectSignatory ?? "",
                    s.Protocol?.MayorSignatory ?? "",
                    s.Protocol?.ProsecutorSignatory ?? "",
                    s.Protocol is null ? "" : s.Protocol.DirectTransmission == true ? "true" : "false",
                    string.Join(ListSeparator, s.Protocol?.AllowedPurposes ?? []),
                    s.Protocol?.ReviewOn?.ToString(DateFormat, CultureInfo.InvariantCulture) ?? "",
                ]);
            }
        }

        return stream.ToArray();
    }

    /// <summary>The next record; false at the end, or after a record the reader refuses (over MaxRecordSize), reported as a row error.</summary>
    private static bool ReadRecord(CsvReader reader, List<ImportError> errors)
    {
        try
        {
            return reader.Read();
        }
        catch (CsvFormatException)
        {
            errors.Add(new ImportError(reader.LineNumber, "", "Ligne CSV trop longue (64 Kio au plus) ou illisible : l’import s’arrête à cette ligne."));
            return false;
        }
    }

    /// <summary>
    /// Reads and checks every row; returns the changes when all are valid, and every error found
    /// otherwise (field errors here; unknown ids and broken rules come from the store).
    /// </summary>
    public static (List<DirectoryChange> Changes, List<ImportError> Errors, int Rows) Read(
        string text, GeographyCatalog geography, IReadOnlyCollection<string> communeCellPurposes)
    {
        var errors = new List<ImportError>();
        var changes = new List<DirectoryChange>();
        var options = CsvReaderOptions.Default with
        {
            Separator = ',',
            HasHeader = true,
            TrackLineNumbers = true,
            // Messages never carry values: an import may hold professionals' names and addresses.
            IncludeValuesInExceptions = false,
            MaxRecordSize = 64 * 1024,
            OnMalformedRecord = record => errors.Add(new ImportError(record.LineNumber, "", $"Ligne CSV mal formée ({record.Reason}).")),
        };
        using var reader = CsvReader.FromText(text, options);
        var headers = reader.Headers;
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < headers.Count; i++)
        {
            var header = headers[i].Trim().ToLowerInvariant();
            if (!Columns.Contains(header))
            {
                errors.Add(new ImportError(1, headers[i], $"Colonne inconnue. Les colonnes sont : {string.Join(", ", Columns)}."));
            }
            else if (!index.TryAdd(header, i))
            {
                errors.Add(new ImportError(1, headers[i], "Cette colonne apparaît deux fois."));
            }
        }

        foreach (var column in RequiredColumns.Where(c => !index.ContainsKey(c)))
        {
            errors.Add(new ImportError(1, column, "Cette colonne est obligatoire (même vide)."));
        }

        var withProtocols = ProtocolColumns.Any(index.ContainsKey);
        foreach (var column in ProtocolColumns.Where(c => withProtocols && !index.ContainsKey(c)))
        {
            errors.Add(new ImportError(1, column, "Les colonnes de la charte (protocol_…) vont ensemble : ajoutez celle-ci, même vide."));
        }

        if (errors.Count > 0)
        {
            return (changes, errors, 0);
        }

        var rows = 0;
        var ids = new Dictionary<Guid, long>();
        while (ReadRecord(reader, errors))
        {
            rows++;
            var line = reader.LineNumber;
            if (rows > MaxRows)
            {
                errors.Add(new ImportError(line, "", $"Un import compte au plus {MaxRows} lignes : découpez le fichier."));
                break;
            }

            string? Cell(string column) => Unprotect(reader.GetString(index[column]));
            var rowErrors = new List<ImportError>();

            Guid? id = null;
            if (!string.IsNullOrWhiteSpace(Cell("id")))
            {
                if (Guid.TryParse(Cell("id"), out var parsed))
                {
                    id = parsed;
                    if (ids.TryGetValue(parsed, out var first))
                    {
                        rowErrors.Add(new ImportError(line, "id", $"Ce service figure déjà à la ligne {first}."));
                    }
                    else
                    {
                        ids.Add(parsed, line);
                    }
                }
                else
                {
                    rowErrors.Add(new ImportError(line, "id", "Ce n’est pas un identifiant de service (laissez la cellule vide pour créer un service)."));
                }
            }

            var kind = ParseEnum<ServiceKind>(FormerKindName(Cell("kind")), "kind", required: true, line, rowErrors);
            var status = ParseEnum<ServiceStatus>(Cell("status"), "status", required: false, line, rowErrors);
            var toComplete = Boolean(Cell("to_complete"), "to_complete", line, rowErrors);
            var demo = Boolean(Cell("demo"), "demo", line, rowErrors);
            var phones = Phones(Cell("phones"));
            var schedules = Schedules(Cell("schedule"), line, rowErrors);
            var protocol = withProtocols ? Protocol(Cell, line, rowErrors) : null;

            var request = new ServiceRequest(
                Cell("organization"),
                Cell("name"),
                kind,
                status,
                List(Cell("departements")),
                List(Cell("communes")),
                Cell("description"),
                Cell("email"),
                Cell("url"),
                phones,
                Contacts: null,
                schedules,
                toComplete,
                demo,
                protocol);
            var fieldErrors = new Dictionary<string, List<string>>();
            var draft = DirectoryValidation.Validate(request, geography, communeCellPurposes, fieldErrors);
            foreach (var (field, messages) in fieldErrors)
            {
                // An unparsable kind was reported above; the validation only says it is missing.
                if (field == "kind" && rowErrors.Exists(e => e.Column == "kind"))
                {
                    continue;
                }

                rowErrors.AddRange(messages.Select(message => new ImportError(line, _columnOfField.GetValueOrDefault(field, field), message)));
            }

            if (draft is not null && rowErrors.Count == 0)
            {
                changes.Add(new DirectoryChange(id, draft with { KeepProtocol = !withProtocols }, (int)line));
            }

            errors.AddRange(rowErrors);
        }

        return (changes, errors, rows);
    }

    private static string FormatSchedule(ScheduleDto schedule) => schedule.Day is { } day
        ? $"{day} {schedule.Opens}-{schedule.Closes}" + (schedule.Description is null ? "" : $" ({schedule.Description})")
        : schedule.Description ?? "";

    private static List<string> List(string? cell) =>
        [.. (cell ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static List<PhoneDto> Phones(string? cell) =>
        [.. (cell ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(entry =>
        {
            var match = WithDescription().Match(entry);
            return match.Success ? new PhoneDto(match.Groups["value"].Value.Trim(), match.Groups["description"].Value.Trim()) : new PhoneDto(entry);
        })];

    private static List<ScheduleDto> Schedules(string? cell, long line, List<ImportError> errors)
    {
        var result = new List<ScheduleDto>();
        foreach (var entry in (cell ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var match = WeeklyRow().Match(entry);
            if (!match.Success)
            {
                // Anything that does not start with a day is a free text ("sur rendez-vous").
                result.Add(new ScheduleDto(Description: entry));
                continue;
            }

            if (!System.Enum.TryParse<DayOfWeek>(match.Groups["day"].Value, ignoreCase: true, out var day) || int.TryParse(match.Groups["day"].Value, out _))
            {
                errors.Add(new ImportError(line, "schedule", $"« {CommuneCodeMessages.Shorten(match.Groups["day"].Value)} » n’est pas un jour : écrivez-le en anglais, de Monday à Sunday (comme l’export)."));
                continue;
            }

            var description = match.Groups["description"].Success ? match.Groups["description"].Value.Trim() : null;
            result.Add(new ScheduleDto(day, match.Groups["opens"].Value, match.Groups["closes"].Value, description));
        }

        return result;
    }

    /// <summary>Files exported before the kind was renamed (DepartmentalCell, English spelling) still import.</summary>
    private static string? FormerKindName(string? cell) =>
        string.Equals(cell?.Trim(), "DepartmentalCell", StringComparison.OrdinalIgnoreCase) ? nameof(ServiceKind.DepartementalCell) : cell;

    private static TEnum? ParseEnum<TEnum>(string? cell, string column, bool required, long line, List<ImportError> errors)
        where TEnum : struct, System.Enum
    {
        if (string.IsNullOrWhiteSpace(cell))
        {
            if (required)
            {
                errors.Add(new ImportError(line, column, $"Valeur obligatoire : {string.Join(", ", System.Enum.GetNames<TEnum>())}."));
            }

            return null;
        }

        // Names only: "1" must not be read as the second kind.
        if (System.Enum.TryParse<TEnum>(cell.Trim(), ignoreCase: true, out var value) && !int.TryParse(cell, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
        {
            return value;
        }

        errors.Add(new ImportError(line, column, $"Valeur inconnue ; valeurs possibles : {string.Join(", ", System.Enum.GetNames<TEnum>())}."));
        return null;
    }

    private static bool? Boolean(string? cell, string column, long line, List<ImportError> errors)
    {
        switch (cell?.Trim().ToLowerInvariant())
        {
            case null or "":
                return null;
            case "true" or "1" or "oui" or "yes":
                return true;
            case "false" or "0" or "non" or "no":
                return false;
            default:
                errors.Add(new ImportError(line, column, "Valeur inconnue : true ou false (oui ou non) attendu."));
                return null;
        }
    }

    /// <summary>Removes the apostrophe the export puts before a value a spreadsheet would take for a formula.</summary>
    private static string? Unprotect(string? value) =>
        value is ['\'', '=' or '+' or '-' or '@' or '\t' or '\r', ..] ? value[1..] : value;

    [GeneratedRegex(@"^(?<value>[^()]+?)\s*\((?<description>.*)\)$")]
    private static partial Regex WithDescription();

    [GeneratedRegex(@"^(?<day>[A-Za-z]+)\s+(?<opens>\d{1,2}:\d{2})\s*-\s*(?<closes>\d{1,2}:\d{2})(?:\s*\((?<description>.*)\))?$")]
    private static partial Regex WeeklyRow();
}
