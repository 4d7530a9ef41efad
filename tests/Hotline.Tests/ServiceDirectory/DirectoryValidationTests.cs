using Hotline.Server.ServiceDirectory;
using Hotline.Server.Geography;

namespace Hotline.Tests.ServiceDirectory;

public sealed class DirectoryValidationTests
{
    private static readonly GeographyCatalog _geography = GeographyCatalog.Shared;

    private static (ServiceDraft? Draft, Dictionary<string, List<string>> Errors) Validate(ServiceRequest request)
    {
        var errors = new Dictionary<string, List<string>>();
        return (DirectoryValidation.Validate(request, _geography, ["examen-situation-cmer", "accompagnement-local"], errors), errors);
    }

    private static readonly ProtocolDto _charter = new(
        new DateOnly(2025, 1, 15), "Préfet de police", "Maire de Miramas", "Procureur de Tarascon", false, ["examen-situation-cmer"], new DateOnly(2028, 1, 15));

    public static TheoryData<string, ProtocolDto, ServiceKind, string?> Charters => new()
    {
        { "valid", _charter, ServiceKind.CommuneCell, null },
        { "no prefect", _charter with { PrefectSignatory = " " }, ServiceKind.CommuneCell, "Le préfet signataire de la charte est obligatoire." },
        { "no mayor", _charter with { MayorSignatory = null }, ServiceKind.CommuneCell, "Le maire signataire de la charte est obligatoire." },
        { "no prosecutor", _charter with { ProsecutorSignatory = "" }, ServiceKind.CommuneCell, "Le procureur signataire de la charte est obligatoire." },
        { "not signed", _charter with { SignedOn = null }, ServiceKind.CommuneCell, "La date de signature de la charte est obligatoire." },
        { "no review", _charter with { ReviewOn = null }, ServiceKind.CommuneCell,
            "La date de révision de la charte est obligatoire : passée cette date, la cellule ne reçoit plus rien." },
        { "review before signature", _charter with { ReviewOn = new DateOnly(2024, 1, 1) }, ServiceKind.CommuneCell,
            "La date de révision de la charte doit suivre sa date de signature." },
        { "unknown purpose", _charter with { AllowedPurposes = ["renseignement"] }, ServiceKind.CommuneCell,
            "« renseignement » n’est pas une finalité configurée pour une cellule municipale (examen-situation-cmer, accompagnement-local)." },
        { "not a commune cell", _charter, ServiceKind.MandatedAssociation,
            "Seule une cellule municipale (CMER) a une charte : retirez-la pour ce type de service." },
    };

    [Theory]
    [MemberData(nameof(Charters))]
    public void A_charter_is_signed_by_prefect_mayor_and_prosecutor_dated_and_reviewed(string because, ProtocolDto charter, ServiceKind kind, string? error)
    {
        var (draft, errors) = Validate(new ServiceRequest("Commune de Miramas", "CMER de Miramas", kind, Communes: ["13063"], Protocol: charter));

        if (error is null)
        {
            Assert.Empty(errors);
            Assert.Equal(["examen-situation-cmer"], draft!.Protocol!.AllowedPurposes);
            Assert.False(draft.Protocol.DirectTransmission);
        }
        else
        {
            Assert.True(errors.TryGetValue("protocol", out var messages), because);
            Assert.Contains(error, messages);
        }
    }

    [Fact]
    public void Codes_are_normalised_as_the_COG_spells_them_and_duplicates_dropped()
    {
        var (draft, errors) = Validate(new ServiceRequest(" Commune ", " CMER ", ServiceKind.CommuneCell, Communes: ["2a004", " 13108", "13108"]));

        Assert.Empty(errors);
        Assert.Equal(["2A004", "13108"], draft!.Communes);
        Assert.Equal("Commune", draft.Organization);
        Assert.Equal("CMER", draft.Name);
        Assert.Null(draft.Status); // not given: kept on update, active on create
        Assert.Null(draft.Phones); // not given: kept on update
    }

    [Theory]
    [InlineData(ServiceKind.DepartementalCell, new[] { "13", "84" }, new string[0], "departements")]
    [InlineData(ServiceKind.DepartementalCell, new[] { "988" }, new string[0], "departements")]
    [InlineData(ServiceKind.DepartementalCell, new[] { "13" }, new[] { "13108" }, "communes")]
    [InlineData(ServiceKind.StateRepresentative, new[] { "13" }, new string[0], "departements")]
    [InlineData(ServiceKind.CommuneCell, new string[0], new string[0], "communes")]
    [InlineData(ServiceKind.CommuneCell, new[] { "13" }, new[] { "13108" }, "departements")]
    [InlineData(ServiceKind.NationalTeam, new[] { "13" }, new string[0], "departements")]
    [InlineData(ServiceKind.MandatedAssociation, new string[0], new string[0], "departements")]
    [InlineData(ServiceKind.CommuneCell, new string[0], new[] { "13150" }, "communes")] // a postal code
    [InlineData(ServiceKind.DepartementalCell, new[] { "20" }, new string[0], "departements")] // not Corsica
    public void Each_kind_covers_what_routing_expects(ServiceKind kind, string[] departements, string[] communes, string field)
    {
        var (draft, errors) = Validate(new ServiceRequest("Org", "Service", kind, Departements: departements, Communes: communes));

        Assert.Null(draft);
        Assert.True(errors.ContainsKey(field), string.Join(" ", errors.SelectMany(e => e.Value)));
    }

    [Theory]
    [InlineData(ServiceKind.DepartementalCell, new[] { "2B" }, new string[0])]
    [InlineData(ServiceKind.DepartementalCell, new[] { "976" }, new string[0])]
    [InlineData(ServiceKind.StateRepresentative, new[] { "975" }, new string[0])]
    [InlineData(ServiceKind.CommuneCell, new string[0], new[] { "13213", "69123" })]
    [InlineData(ServiceKind.NationalTeam, new string[0], new string[0])]
    [InlineData(ServiceKind.MandatedAssociation, new[] { "13", "84" }, new[] { "30189" })]
    public void Valid_areas(ServiceKind kind, string[] departements, string[] communes)
    {
        var (draft, errors) = Validate(new ServiceRequest("Org", "Service", kind, Departements: departements, Communes: communes));

        Assert.Empty(errors);
        Assert.NotNull(draft);
    }

    [Fact]
    public void Contact_fields_phones_and_schedules_are_checked()
    {
        var (_, errors) = Validate(new ServiceRequest("Org", "Service", ServiceKind.NationalTeam,
            Email: "a@", Url: "javascript:alert(1)",
            Phones: [new PhoneDto("04 90 00 00 00", "a; b"), new PhoneDto("")],
            Contacts: [new ContactDto("", Email: "x"), new ContactDto("Nom", Phone: "abc")],
            Schedules: [new ScheduleDto(DayOfWeek.Monday, "9h", "12:00"), new ScheduleDto(), new ScheduleDto(Opens: "09:00", Closes: "10:00")]));

        Assert.Equal(["email", "url", "phones", "contacts", "schedules"], errors.Keys);
        Assert.Equal(2, errors["phones"].Count);
        Assert.Equal(3, errors["contacts"].Count);
        Assert.Equal(3, errors["schedules"].Count);
    }

    [Fact]
    public void Schedules_are_normalised_to_HH_mm()
    {
        var (draft, _) = Validate(new ServiceRequest("Org", "Service", ServiceKind.NationalTeam, Schedules: [new ScheduleDto(DayOfWeek.Friday, "9:00", "17:30")]));

        Assert.Equal([new ScheduleDto(DayOfWeek.Friday, "09:00", "17:30")], draft!.Schedules!);
    }
}
