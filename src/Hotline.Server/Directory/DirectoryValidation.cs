using System.Globalization;
using System.Net.Mail;
using System.Text.RegularExpressions;
using Hotline.Server.Directory.Geography;

namespace Hotline.Server.Directory;

/// <summary>A service's fields once checked and normalised (codes spelled as the COG spells them).</summary>
/// <remarks>A null status, list, <see cref="ToComplete"/> or <see cref="IsDemo"/> means "keep what the service has" (a new service is active).</remarks>
public sealed record ServiceDraft(
    string Organization,
    string Name,
    ServiceKind Kind,
    ServiceStatus? Status,
    IReadOnlyList<string> Departements,
    IReadOnlyList<string> Communes,
    string? Description,
    string? Email,
    string? Url,
    IReadOnlyList<PhoneDto>? Phones,
    IReadOnlyList<ContactDto>? Contacts,
    IReadOnlyList<ScheduleDto>? Schedules,
    bool? ToComplete,
    bool? IsDemo);

/// <summary>
/// Field checks for one service, shared by the admin API and the CSV import. Errors are keyed by field
/// (the request's JSON names); the import maps them to its columns. The rules between services
/// (one departmental cell per département, no overlapping commune cells) are <see cref="DirectoryRules"/>.
/// </summary>
public static partial class DirectoryValidation
{
    public const string TimeFormat = "HH:mm";

    public static ServiceDraft? Validate(ServiceRequest request, GeographyCatalog geography, Dictionary<string, List<string>> errors)
    {
        var organization = Text(request.Organization, "organization", DirectoryLimits.Name, required: true, errors);
        var name = Text(request.Name, "name", DirectoryLimits.Name, required: true, errors);
        var description = Text(request.Description, "description", DirectoryLimits.Description, required: false, errors, multiline: true);
        if (request.Status is { } status && !Enum.IsDefined(status))
        {
            Add(errors, "status", "status is Active or Inactive.");
        }

        if (request.Kind is null)
        {
            Add(errors, "kind", $"kind is required: one of {string.Join(", ", Enum.GetNames<ServiceKind>())}.");
        }

        var email = Email(request.Email, "email", errors);
        var url = Url(request.Url, errors);
        var departements = Departements(request.Departements ?? [], geography, errors);
        var communes = Communes(request.Communes ?? [], geography, errors);
        if (request.Kind is { } kind)
        {
            CheckAreas(kind, departements, communes, geography, errors);
        }

        var phones = request.Phones is null ? null : Phones(request.Phones, errors);
        var contacts = request.Contacts is null ? null : Contacts(request.Contacts, errors);
        var schedules = request.Schedules is null ? null : Schedules(request.Schedules, errors);

        return errors.Count > 0
            ? null
            : new ServiceDraft(
                organization!, name!, request.Kind!.Value, request.Status, departements, communes,
                description, email, url, phones, contacts, schedules, request.ToComplete, request.IsDemo);
    }

    /// <summary>What each kind may cover: the areas routing relies on.</summary>
    private static void CheckAreas(
        ServiceKind kind, List<string> departements, List<string> communes, GeographyCatalog geography, Dictionary<string, List<string>> errors)
    {
        var collectivities = departements.Where(code => geography.FindDepartement(code)?.IsOverseasCollectivity == true).ToList();
        switch (kind)
        {
            case ServiceKind.DepartmentalCell:
                if (departements.Count != 1)
                {
                    Add(errors, "departements", "A departmental cell covers exactly one département.");
                }
                else if (collectivities.Count > 0)
                {
                    Add(errors, "departements", $"{collectivities[0]} is an overseas collectivity: its service is a StateRepresentative, not a departmental cell.");
                }

                if (communes.Count > 0)
                {
                    Add(errors, "communes", "A departmental cell covers its whole département: list no communes.");
                }

                break;
            case ServiceKind.StateRepresentative:
                if (departements.Count != 1 || collectivities.Count != 1)
                {
                    Add(errors, "departements", "A State representative covers exactly one overseas collectivity (975, 977, 978, 984, 986–989).");
                }

                if (communes.Count > 0)
                {
                    Add(errors, "communes", "A State representative covers its whole collectivity: list no communes.");
                }

                break;
            case ServiceKind.CommuneCell:
                if (communes.Count == 0)
                {
                    Add(errors, "communes", "A commune cell covers at least one commune (INSEE code, e.g. 13108).");
                }

                if (departements.Count > 0)
                {
                    Add(errors, "departements", "A commune cell covers communes, not départements.");
                }

                break;
            case ServiceKind.NationalTeam:
                if (departements.Count + communes.Count > 0)
                {
                    Add(errors, "departements", "The national team covers the whole country: list no area.");
                }

                break;
            case ServiceKind.MandatedAssociation:
                if (departements.Count + communes.Count == 0)
                {
                    Add(errors, "departements", "A mandated association covers at least one département or commune.");
                }

                break;
            default:
                Add(errors, "kind", $"Unknown kind {kind}.");
                break;
        }
    }

    private static List<string> Departements(IReadOnlyList<string> codes, GeographyCatalog geography, Dictionary<string, List<string>> errors)
    {
        var result = new List<string>();
        foreach (var code in codes)
        {
            if (geography.FindDepartement(code) is { } departement)
            {
                result.Add(departement.Code);
            }
            else
            {
                Add(errors, "departements", $"\"{Shorten(code)}\" is not a département or collectivity code of the COG {geography.CogYear} (e.g. 13, 2A, 974, 988).");
            }
        }

        return [.. result.Distinct(StringComparer.Ordinal)];
    }

    private static List<string> Communes(IReadOnlyList<string> codes, GeographyCatalog geography, Dictionary<string, List<string>> errors)
    {
        var result = new List<string>();
        foreach (var code in codes)
        {
            if (geography.FindCommune(code) is { } commune)
            {
                result.Add(commune.Code);
            }
            else
            {
                // Postal codes are the usual mistake: they look the same and are not (13007 is Auriol as an INSEE code).
                Add(errors, "communes", $"\"{Shorten(code)}\" is not an INSEE commune code of the COG {geography.CogYear} (INSEE, not postal: Tarascon is 13108).");
            }
        }

        return [.. result.Distinct(StringComparer.Ordinal)];
    }

    private static List<PhoneDto> Phones(IReadOnlyList<PhoneDto?> phones, Dictionary<string, List<string>> errors)
    {
        var result = new List<PhoneDto>();
        for (var i = 0; i < phones.Count; i++)
        {
            var number = PhoneNumber(phones[i]?.Number, $"phones[{i}].number", required: true, "phones", errors);
            var description = Text(phones[i]?.Description, $"phones[{i}].description", DirectoryLimits.Label, required: false, errors, "phones");
            NoSemicolon(description, $"phones[{i}].description", "phones", errors);
            if (number is not null)
            {
                result.Add(new PhoneDto(number, description));
            }
        }

        return result;
    }

    private static List<ContactDto> Contacts(IReadOnlyList<ContactDto?> contacts, Dictionary<string, List<string>> errors)
    {
        var result = new List<ContactDto>();
        for (var i = 0; i < contacts.Count; i++)
        {
            var contact = contacts[i];
            var name = Text(contact?.Name, $"contacts[{i}].name", DirectoryLimits.Label, required: true, errors, "contacts");
            var title = Text(contact?.Title, $"contacts[{i}].title", DirectoryLimits.Label, required: false, errors, "contacts");
            var email = Email(contact?.Email, "contacts", errors, $"contacts[{i}].email");
            var phone = PhoneNumber(contact?.Phone, $"contacts[{i}].phone", required: false, "contacts", errors);
            if (name is not null)
            {
                result.Add(new ContactDto(name, title, email, phone));
            }
        }

        return result;
    }

    private static List<ScheduleDto> Schedules(IReadOnlyList<ScheduleDto?> schedules, Dictionary<string, List<string>> errors)
    {
        var result = new List<ScheduleDto>();
        for (var i = 0; i < schedules.Count; i++)
        {
            var schedule = schedules[i];
            var label = $"schedules[{i}]";
            var description = Text(schedule?.Description, label + ".description", DirectoryLimits.Label, required: false, errors, "schedules");
            NoSemicolon(description, label + ".description", "schedules", errors);
            if (schedule?.Day is null && schedule?.Opens is null && schedule?.Closes is null)
            {
                if (description is null)
                {
                    Add(errors, "schedules", $"{label}: give a day with opening hours, or a description.");
                }
                else
                {
                    result.Add(new ScheduleDto(Description: description));
                }

                continue;
            }

            if (schedule.Day is not { } day || !Enum.IsDefined(day))
            {
                Add(errors, "schedules", $"{label}.day is required with opening hours (Monday … Sunday).");
                continue;
            }

            if (!TryTime(schedule.Opens, out var opens) || !TryTime(schedule.Closes, out var closes))
            {
                Add(errors, "schedules", $"{label}: opens and closes are times such as 09:00 and 17:30.");
                continue;
            }

            if (opens >= closes)
            {
                Add(errors, "schedules", $"{label}: opens ({Format(opens)}) must be before closes ({Format(closes)}).");
                continue;
            }

            result.Add(new ScheduleDto(day, Format(opens), Format(closes), description));
        }

        return result;
    }

    /// <summary>"; " separates the entries of a CSV cell: a description holding one could not come back from an export.</summary>
    private static void NoSemicolon(string? text, string field, string key, Dictionary<string, List<string>> errors)
    {
        if (text is not null && text.Contains(';', StringComparison.Ordinal))
        {
            Add(errors, key, $"{field} must not contain \";\" (it separates entries in the CSV).");
        }
    }

    public static bool TryTime(string? text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text?.Trim(), ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    public static string Format(TimeOnly time) => time.ToString(TimeFormat, CultureInfo.InvariantCulture);

    private static string? Text(
        string? value, string field, int maxLength, bool required, Dictionary<string, List<string>> errors, string? key = null, bool multiline = false)
    {
        var text = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        if (text is null && required)
        {
            Add(errors, key ?? field, $"{field} is required.");
        }
        else if (text is not null && text.Length > maxLength)
        {
            Add(errors, key ?? field, $"{field} is longer than {maxLength} characters.");
        }
        else if (text is not null && text.Any(c => char.IsControl(c) && !(multiline && c is '\n' or '\r' or '\t')))
        {
            Add(errors, key ?? field, $"{field} contains control characters.");
        }

        return text;
    }

    private static string? Email(string? value, string key, Dictionary<string, List<string>> errors, string? field = null)
    {
        var text = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        if (text is not null && (text.Length > DirectoryLimits.Email || !MailAddress.TryCreate(text, out var address) || address.Address != text))
        {
            Add(errors, key, $"{field ?? key} is not an e-mail address.");
        }

        return text;
    }

    private static string? Url(string? value, Dictionary<string, List<string>> errors)
    {
        var text = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        if (text is not null && (text.Length > DirectoryLimits.Url
            || !Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)))
        {
            Add(errors, "url", "url is not an http(s) address.");
        }

        return text;
    }

    private static string? PhoneNumber(string? value, string field, bool required, string key, Dictionary<string, List<string>> errors)
    {
        var text = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        if (text is null)
        {
            if (required)
            {
                Add(errors, key, $"{field} is required.");
            }
        }
        else if (!PhonePattern().IsMatch(text))
        {
            Add(errors, key, $"{field} is not a phone number (digits, spaces, dots, dashes, a leading +; at most {DirectoryLimits.PhoneNumber} characters).");
        }

        return text;
    }

    public static void Add(Dictionary<string, List<string>> errors, string key, string message)
    {
        if (!errors.TryGetValue(key, out var list))
        {
            errors.Add(key, list = []);
        }

        list.Add(message);
    }

    private static string Shorten(string? value) => value is null ? "" : value.Length > 20 ? value[..20] + "…" : value;

    [GeneratedRegex(@"^\+?[0-9][0-9 .-]{1,30}$")]
    private static partial Regex PhonePattern();
}
