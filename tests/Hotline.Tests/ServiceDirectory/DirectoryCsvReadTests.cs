using Hotline.Server.ServiceDirectory;
using Hotline.Server.Geography;

namespace Hotline.Tests.ServiceDirectory;

public sealed class DirectoryCsvReadTests
{
    private const string Header = "id,organization,name,kind,status,departements,communes,description,email,url,phones,schedule,to_complete,demo";

    private static readonly GeographyCatalog _geography = GeographyCatalog.Shared;

    private static readonly string[] _purposes = ["examen-situation-cmer", "accompagnement-local"];

    [Fact]
    public void What_the_export_writes_reads_back()
    {
        var service = new ServiceDto(
            Guid.NewGuid(), "Org, \"quoted\"", "+Service", ServiceKind.CommuneCell, ServiceStatus.Inactive, [], ["13063", "13108"],
            "Deux\nlignes", "a@b.example", "https://b.example",
            [new PhoneDto("+33490000000", "accueil (matin)"), new PhoneDto("+33490000001")],
            [new ContactDto("Pas dans le fichier")],
            [new ScheduleDto(DayOfWeek.Sunday, "10:00", "11:00", "permanence"), new ScheduleDto(Description: "sur rendez-vous")],
            ToComplete: true, IsDemo: true, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch,
            new ProtocolDto(new DateOnly(2025, 1, 15), "Préfet de police", "Maire", "Procureur", true, ["examen-situation-cmer", "accompagnement-local"], new DateOnly(2028, 1, 15)));
        var text = System.Text.Encoding.UTF8.GetString(DirectoryCsv.Write([service]));

        var (changes, errors, rows) = DirectoryCsv.Read(text.TrimStart('\uFEFF'), _geography, _purposes);

        Assert.Empty(errors);
        Assert.Equal(1, rows);
        var change = Assert.Single(changes);
        Assert.Equal(service.Id, change.Id);
        Assert.Equal(2, change.Row);
        var draft = change.Draft;
        Assert.Equal((service.Organization, service.Name, service.Kind, (ServiceStatus?)service.Status), (draft.Organization, draft.Name, draft.Kind, draft.Status));
        Assert.Equal(service.Communes, draft.Communes);
        Assert.Equal(service.Description, draft.Description);
        Assert.Equal(service.Phones, draft.Phones!);
        Assert.Equal(service.Schedules, draft.Schedules!);
        Assert.Null(draft.Contacts); // kept
        Assert.Equal((true, true), (draft.ToComplete, draft.IsDemo));
        Assert.False(draft.KeepProtocol);
        Assert.Equal(
            (service.Protocol!.SignedOn, service.Protocol.PrefectSignatory, service.Protocol.MayorSignatory, service.Protocol.ProsecutorSignatory, true, service.Protocol.ReviewOn),
            (draft.Protocol!.SignedOn, draft.Protocol.PrefectSignatory, draft.Protocol.MayorSignatory, draft.Protocol.ProsecutorSignatory, draft.Protocol.DirectTransmission, draft.Protocol.ReviewOn));
        Assert.Equal(service.Protocol.AllowedPurposes, draft.Protocol.AllowedPurposes);
    }

    [Fact]
    public void A_file_without_the_charter_columns_keeps_every_charter_and_a_partial_set_is_refused()
    {
        var (changes, errors, _) = DirectoryCsv.Read(Header + "\n,Org,Nom,CommuneCell,,,13108,,,,,,,\n", _geography, _purposes);

        Assert.Empty(errors);
        Assert.True(Assert.Single(changes).Draft.KeepProtocol);

        var (_, partial, _) = DirectoryCsv.Read(Header + ",protocol_signed_on\n,Org,Nom,CommuneCell,,,13108,,,,,,,,2025-01-15\n", _geography, _purposes);

        Assert.Equal(DirectoryCsv.ProtocolColumns.Count - 1, partial.Count);
        Assert.All(partial, e => Assert.Equal(1L, e.Row));
    }

    [Fact]
    public void A_charter_row_with_an_unsigned_field_or_a_bad_date_is_refused_on_its_line()
    {
        var header = Header + "," + string.Join(",", DirectoryCsv.ProtocolColumns);
        var csv = header + "\n,Org,Nom,CommuneCell,,,13063,,,,,,,,2025-01-15,Préfet,,Procureur,false,,15/01/2028\n";

        var (changes, errors, _) = DirectoryCsv.Read(csv, _geography, _purposes);

        Assert.Empty(changes);
        Assert.Contains(errors, e => e is { Row: 2, Column: "protocol_review_on" });
        Assert.Contains(errors, e => e.Row == 2 && e.Message == "Le maire signataire de la charte est obligatoire.");
    }

    [Fact]
    public void Row_numbers_are_file_lines_even_after_a_multiline_cell()
    {
        var csv = Header + "\n" + ",Org,Nom,CommuneCell,,,13108,\"Deux\nlignes\",,,,,,\n" + ",Org,Autre,Nope,,,13108,,,,,,,\n";

        var (_, errors, rows) = DirectoryCsv.Read(csv, _geography, _purposes);

        Assert.Equal(2, rows);
        var error = Assert.Single(errors);
        Assert.Equal((4L, "kind"), (error.Row, error.Column));
    }

    [Fact]
    public void Numbers_are_not_read_as_kinds_and_empty_flags_keep_the_value()
    {
        var csv = Header + "\n,Org,Service,1,,13,,,,,,,,\n,Org,Service,DepartementalCell,,13,,,,,,,,\n";

        var (changes, errors, _) = DirectoryCsv.Read(csv, _geography, _purposes);

        Assert.Equal((2L, "kind"), (Assert.Single(errors).Row, errors[0].Column));
        Assert.Null(Assert.Single(changes).Draft.ToComplete);
    }

    [Fact]
    public void The_former_spelling_of_the_departemental_cell_kind_still_imports()
    {
        var csv = Header + "\n,Org,Service,DepartmentalCell,,13,,,,,,,,\n";

        var (changes, errors, _) = DirectoryCsv.Read(csv, _geography, _purposes);

        Assert.Empty(errors);
        Assert.Equal(ServiceKind.DepartementalCell, Assert.Single(changes).Draft.Kind);
    }
}
