using Hotline.Server.ServiceDirectory;
using Hotline.Server.Geography;

namespace Hotline.Tests.ServiceDirectory;

public sealed class DirectoryValidationTests
{
    private static readonly GeographyCatalog _geography = GeographyCatalog.Shared;

    private static (ServiceDraft? Draft, Dictionary<string, List<string>> Errors) Validate(ServiceRequest request)
    {
        var errors = new Dictionary<string, List<string>>();
        return (DirectoryValidation.Validate(request, _geography, errors), errors);
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
