using System.Globalization;
using System.Net.Mail;
using Hotline.Server.Hosting;
using Hotline.Server.Geography;

namespace Hotline.Server.ServiceDirectory;

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
    bool? IsDemo,
    CellProtocol? Protocol = null,
    bool KeepProtocol = false);

/// <summary>
/// Field checks for one service, shared by the admin API and the CSV import. Errors are keyed by field
/// (the request's JSON names); the import maps them to its columns. The rules between services
/// (one departmental cell per département, no overlapping commune cells) are <see cref="DirectoryRules"/>.
/// </summary>
public static partial class DirectoryValidation
{
    public const string TimeFormat = "HH:mm";

    /// <param name="communeCellPurposes">The purpose codes a commune-cell transfer may state: a charter may allow only those.</param>
    public static ServiceDraft? Validate(
        ServiceRequest request, GeographyCatalog geography, IReadOnlyCollection<string> communeCellPurposes, Dictionary<string, List<string>> errors)
    {
        var organization = Text(request.Organization, "organization", "L’organisation", DirectoryLimits.Name, required: true, errors);
        var name = Text(request.Name, "name", "Le nom du service", DirectoryLimits.Name, required: true, errors);
        var description = Text(request.Description, "description", "La description", DirectoryLimits.Description, required: false, errors, multiline: true);
        if (request.Status is { } status && !Enum.IsDefined(status))
        {
            Add(errors, "status", "Le statut doit être Active (actif) ou Inactive (inactif).");
        }

        if (request.Kind is null)
        {
            Add(errors, "kind", $"Le type de service est obligatoire : {string.Join(", ", Enum.GetNames<ServiceKind>())}.");
        }

        var email = Email(request.Email, "email", "L’adresse e-mail", errors);
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
        var protocol = request.Protocol is null ? null : Protocol(request.Protocol, request.Kind, communeCellPurposes, errors);

        return errors.Count > 0
            ? null
            : new ServiceDraft(
                organization!, name!, request.Kind!.Value, request.Status, departements, communes,
                description, email, url, phones, contacts, schedules, request.ToComplete, request.IsDemo, protocol);
    }

    /// <summary>What each kind may cover: the areas routing relies on.</summary>
    private static void CheckAreas(
        ServiceKind kind, List<string> departements, List<string> communes, GeographyCatalog geography, Dictionary<string, List<string>> errors)
    {
        var collectivities = departements.Where(code => geography.FindDepartement(code)?.IsOverseasCollectivity == true).ToList();
        switch (kind)
        {
            case ServiceKind.DepartementalCell:
                if (departements.Count != 1)
                {
                    Add(errors, "departements", "Une cellule départementale couvre exactement un département.");
                }
                else if (collectivities.Count > 0)
                {
                    Add(errors, "departements", $"{collectivities[0]} est une collectivité d’outre-mer : son service est un représentant de l’État (StateRepresentative), pas une cellule départementale.");
                }

                if (communes.Count > 0)
                {
                    Add(errors, "communes", "Une cellule départementale couvre tout son département : n’indiquez aucune commune.");
                }

                break;
            case ServiceKind.StateRepresentative:
                if (departements.Count != 1 || collectivities.Count != 1)
                {
                    Add(errors, "departements", "Un représentant de l’État couvre exactement une collectivité d’outre-mer (975, 977, 978, 984, 986 à 989).");
                }

                if (communes.Count > 0)
                {
                    Add(errors, "communes", "Un représentant de l’État couvre toute sa collectivité : n’indiquez aucune commune.");
                }

                break;
            case ServiceKind.CommuneCell:
                if (communes.Count == 0)
                {
                    Add(errors, "communes", "Une cellule municipale (CMER) couvre au moins une commune : indiquez son code INSEE (13108 pour Tarascon, par exemple).");
                }

                if (departements.Count > 0)
                {
                    Add(errors, "departements", "Une cellule municipale (CMER) couvre des communes, pas des départements : n’indiquez aucun département.");
                }

                break;
            case ServiceKind.ChildProtection:
                if (departements.Count != 1 || collectivities.Count > 0 || communes.Count > 0)
                {
                    Add(errors, "departements", "Une CRIP (protection de l’enfance) couvre exactement un département, sans commune (pas une collectivité d’outre-mer du 975 au 989).");
                }

                break;
            case ServiceKind.NationalTeam:
                if (departements.Count + communes.Count > 0)
                {
                    Add(errors, "departements", "L’équipe nationale couvre tout le territoire : n’indiquez ni département ni commune.");
                }

                break;
            case ServiceKind.MandatedAssociation:
                if (departements.Count + communes.Count == 0)
                {
                    Add(errors, "departements", "Une association mandatée couvre au moins un département ou une commune.");
                }

                break;
            default:
                Add(errors, "kind", $"Type de service inconnu : {kind}.");
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
                Add(errors, "departements", $"« {CommuneCodeMessages.Shorten(code)} » n’est pas un code de département ou de collectivité d’outre-mer (COG {geography.CogYear}) ; par exemple 13, 2A, 974 ou 988.");
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
                Add(errors, "communes", geography.UnknownInseeCode(code));
            }
        }

        return [.. result.Distinct(StringComparer.Ordinal)];
    }

    private static List<PhoneDto> Phones(IReadOnlyList<PhoneDto?> phones, Dictionary<string, List<string>> errors)
    {
        var result = new List<PhoneDto>();
        for (var i = 0; i < phones.Count; i++)
        {
            var number = PhoneNumber(phones[i]?.Number, $"Le numéro du téléphone {i + 1}", required: true, "phones", errors);
            var description = Text(phones[i]?.Description, "phones", $"La précision du téléphone {i + 1}", DirectoryLimits.Label, required: false, errors);
            NoSemicolon(description, $"La précision du téléphone {i + 1}", "phones", errors);
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
            var name = Text(contact?.Name, "contacts", $"Le nom du contact {i + 1}", DirectoryLimits.Label, required: true, errors);
            var title = Text(contact?.Title, "contacts", $"La fonction du contact {i + 1}", DirectoryLimits.Label, required: false, errors);
            var email = Email(contact?.Email, "contacts", $"L’adresse e-mail du contact {i + 1}", errors);
            var phone = PhoneNumber(contact?.Phone, $"Le téléphone du contact {i + 1}", required: false, "contacts", errors);
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
            var label = $"Horaire {i + 1}";
            var description = Text(schedule?.Description, "schedules", $"La précision de l’horaire {i + 1}", DirectoryLimits.Label, required: false, errors);
            NoSemicolon(description, $"La précision de l’horaire {i + 1}", "schedules", errors);
            if (schedule?.Day is null && schedule?.Opens is null && schedule?.Closes is null)
            {
                if (description is null)
                {
                    Add(errors, "schedules", $"{label} : indiquez un jour avec ses heures d’ouverture, ou une précision (« sur rendez-vous », par exemple).");
                }
                else
                {
                    result.Add(new ScheduleDto(Description: description));
                }

                continue;
            }

            if (schedule.Day is not { } day || !Enum.IsDefined(day))
            {
                Add(errors, "schedules", $"{label} : indiquez le jour de ces heures d’ouverture.");
                continue;
            }

            if (!TryTime(schedule.Opens, out var opens) || !TryTime(schedule.Closes, out var closes))
            {
                Add(errors, "schedules", $"{label} : les heures d’ouverture et de fermeture s’écrivent comme 09:00 et 17:30.");
                continue;
            }

            if (opens >= closes)
            {
                Add(errors, "schedules", $"{label} : l’ouverture ({Format(opens)}) doit précéder la fermeture ({Format(closes)}).");
                continue;
            }

            result.Add(new ScheduleDto(day, Format(opens), Format(closes), description));
        }

        return result;
    }

    /// <summary>"; " separates the entries of a CSV cell: a description holding one could not come back from an export.</summary>
    private static void NoSemicolon(string? text, string label, string key, Dictionary<string, List<string>> errors)
    {
        if (text is not null && text.Contains(';', StringComparison.Ordinal))
        {
            Add(errors, key, $"{label} ne peut pas contenir « ; » (ce caractère sépare les entrées dans le CSV).");
        }
    }

    public static bool TryTime(string? text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text?.Trim(), ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    public static string Format(TimeOnly time) => time.ToString(TimeFormat, CultureInfo.InvariantCulture);

    /// <param name="key">The error key (the request's field name; stable, the console maps it).</param>
    /// <param name="label">The field as the message names it, in French with its article ("Le nom du service").</param>
    private static string? Text(
        string? value, string key, string label, int maxLength, bool required, Dictionary<string, List<string>> errors, bool multiline = false)
    {
        var text = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        if (text is null && required)
        {
            Add(errors, key, $"{label} est obligatoire.");
        }
        else if (text is not null && text.Length > maxLength)
        {
            Add(errors, key, $"{label} dépasse {maxLength} caractères ({text.Length} saisis).");
        }
        else if (text is not null && text.Any(c => char.IsControl(c) && !(multiline && c is '\n' or '\r' or '\t')))
        {
            Add(errors, key, $"{label} contient des caractères de contrôle (invisibles) : retirez-les.");
        }

        return text;
    }

    private static string? Email(string? value, string key, string label, Dictionary<string, List<string>> errors)
    {
        var text = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        if (text is not null && (text.Length > DirectoryLimits.Email || !MailAddress.TryCreate(text, out var address) || address.Address != text))
        {
            Add(errors, key, $"{label} n’est pas une adresse e-mail valide (par exemple prenom.nom@mairie.fr).");
        }

        return text;
    }

    private static string? Url(string? value, Dictionary<string, List<string>> errors)
    {
        var text = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        if (text is not null && (text.Length > DirectoryLimits.Url
            || !Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)))
        {
            Add(errors, "url", "Le site web doit être une adresse complète commençant par https:// (ou http://).");
        }

        return text;
    }

    private static string? PhoneNumber(string? value, string label, bool required, string key, Dictionary<string, List<string>> errors)
    {
        var text = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        if (text is null)
        {
            if (required)
            {
                Add(errors, key, $"{label} est obligatoire.");
            }
        }
        else if (TypedPhoneNumbers.ToE164(text) is not { } e164)
        {
            Add(errors, key, $"{label} n’est pas un numéro de téléphone français valide (par exemple 04 90 12 34 56, 06 12 34 56 78, 0262 12 34 56 ou +33 4 90 12 34 56).");
        }
        else
        {
            text = e164; // stored in E.164 whatever the typing: one number, one spelling (CSV, console, tel: links)
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
}
