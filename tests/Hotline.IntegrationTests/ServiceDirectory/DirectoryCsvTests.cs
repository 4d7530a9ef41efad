using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Hotline.Server.ServiceDirectory;
using Hotline.Testing;

namespace Hotline.IntegrationTests.ServiceDirectory;

/// <summary>CSV export and import; each test on a database of its own, since imports change the whole directory.</summary>
public sealed class DirectoryCsvTests : IAsyncLifetime
{
    private const string Header = "id,organization,name,kind,status,departements,communes,description,email,url,phones,schedule,to_complete,demo";

    private readonly HotlineAppFactory _app = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => _app.InitializeAsync();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static async Task<byte[]> ExportAsync(HttpClient admin)
    {
        using var response = await admin.GetAsync("/api/directory/services/export.csv", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsByteArrayAsync(Ct);
    }

    private static Task<HttpResponseMessage> ImportAsync(HttpClient admin, string csv, bool dryRun) =>
        admin.PostAsync($"/api/directory/services/import?dryRun={(dryRun ? "true" : "false")}", new StringContent(csv, Encoding.UTF8, "text/csv"), Ct);

    private static Task<HttpResponseMessage> ImportAsync(HttpClient admin, byte[] csv) =>
        admin.PostAsync("/api/directory/services/import", new ByteArrayContent(csv) { Headers = { { "Content-Type", "text/csv" } } }, Ct);

    [Fact]
    public async Task Export_then_import_changes_nothing_and_keeps_the_contacts()
    {
        using var admin = await _app.SignInAsync("admin");
        var vaucluse = Assert.Single(await admin.ListAsync("?kind=DepartementalCell&departement=84"));
        // Everything the file carries, including values a spreadsheet would take for formulas, and contacts, which it does not carry.
        using (var completed = await admin.PutAsJsonAsync($"/api/directory/services/{vaucluse.Id}", new ServiceRequest(
            vaucluse.Organization, "=Cellule, \"Vaucluse\"", ServiceKind.DepartementalCell,
            Departements: ["84"],
            Description: "Ligne 1\nLigne 2",
            Email: "cpraf@vaucluse.example",
            Url: "https://www.vaucluse.gouv.fr",
            Phones: [new PhoneDto("+33 4 90 00 00 00", "accueil (standard)"), new PhoneDto("04 90 00 00 01")],
            Contacts: [new ContactDto("Chef de bureau", Email: "bureau@vaucluse.example")],
            Schedules: [new ScheduleDto(DayOfWeek.Tuesday, "09:00", "12:30", "permanence"), new ScheduleDto(Description: "sur rendez-vous")],
            ToComplete: false), DirectoryClient.Json, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        }

        var exported = await ExportAsync(admin);
        var before = await admin.ListAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], exported[..3]); // a byte order mark, for spreadsheets
        var text = Encoding.UTF8.GetString(exported);
        Assert.StartsWith("\uFEFF" + Header + "," + string.Join(",", DirectoryCsv.ProtocolColumns) + "\r\n", text, StringComparison.Ordinal);
        Assert.Contains("'=Cellule", text, StringComparison.Ordinal);

        using var imported = await ImportAsync(admin, exported);

        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        var report = (await imported.Content.ReadFromJsonAsync<ImportReport>(DirectoryClient.Json, Ct))!;
        Assert.True(report.Imported);
        Assert.Empty(report.Errors);
        Assert.Equal(before.Count, report.Rows);
        Assert.Equal(before.Count, report.Updated);
        Assert.Equal(0, report.Created);
        Assert.Equal(exported, await ExportAsync(admin));
        Assert.Equivalent(before, await admin.ListAsync(), strict: true);
        var read = await admin.GetServiceAsync(vaucluse.Id);
        Assert.Equal("=Cellule, \"Vaucluse\"", read.Name);
        Assert.Equal("Ligne 1\nLigne 2", read.Description);
        Assert.Equal([new PhoneDto("+33490000000", "accueil (standard)"), new PhoneDto("+33490000001")], read.Phones);
        Assert.Equal([new ContactDto("Chef de bureau", Email: "bureau@vaucluse.example")], read.Contacts);
    }

    [Fact]
    public async Task A_dry_run_reports_every_row_error_and_nothing_is_imported_until_all_rows_are_valid()
    {
        using var admin = await _app.SignInAsync("admin");
        var before = await ExportAsync(admin);
        var csv = string.Join("\n",
            Header,
            ",Commune d'Arles,CMER d'Arles,CommuneCell,Active,,13004,,,,04 90 49 36 36 (mairie),Monday 09:00-12:00,,",
            ",Commune d'Aubagne,CMER d'Aubagne,Cellule,Active,,13005,,,,,,,",
            ",Commune de Salon,CMER de Salon,CommuneCell,Active,,13300,,pas-une-adresse,,,Lundi 09:00-12:00,peut-être,",
            ",Commune de Tarascon,Autre CMER de Tarascon,CommuneCell,Active,,13108,,,,,,,",
            $"{Guid.NewGuid()},Préfecture du Var,Cellule du Var,DepartementalCell,Active,83,,,,,,,,",
            ",,Sans organisation,DepartementalCell,Active,2A; 2B,,,,,,,,");

        using var dryRun = await ImportAsync(admin, csv, dryRun: true);

        Assert.Equal(HttpStatusCode.OK, dryRun.StatusCode);
        var report = (await dryRun.Content.ReadFromJsonAsync<ImportReport>(DirectoryClient.Json, Ct))!;
        Assert.True(report.DryRun);
        Assert.False(report.Imported);
        Assert.Equal(6, report.Rows);
        var errors = report.Errors.Select(e => (e.Row, e.Column)).ToList();
        Assert.DoesNotContain(errors, e => e.Row == 2); // Arles is valid
        Assert.Contains((3L, "kind"), errors);
        Assert.Contains((4L, "communes"), errors); // a postal code, not an INSEE code
        Assert.Contains((4L, "email"), errors);
        Assert.Contains((4L, "schedule"), errors);
        Assert.Contains((4L, "to_complete"), errors);
        Assert.Contains((5L, "communes"), errors); // Tarascon has its (demo) cell already
        Assert.Equal(DirectoryRules.NoOverlappingCommuneCells, report.Errors.Single(e => e.Row == 5).Rule);
        Assert.Contains((6L, "id"), errors); // no such service
        Assert.Contains((7L, "organization"), errors);
        Assert.Contains((7L, "departements"), errors); // a departmental cell covers one département
        Assert.All(report.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
        Assert.Equal(before, await ExportAsync(admin));

        using var real = await ImportAsync(admin, csv, dryRun: false);

        Assert.Equal(HttpStatusCode.BadRequest, real.StatusCode);
        var problem = await real.ProblemAsync();
        Assert.Equal(report.Errors.Count, problem.GetProperty("rowErrors").GetArrayLength());
        Assert.Equal(before, await ExportAsync(admin));
        Assert.DoesNotContain(await admin.ListAsync("?kind=CommuneCell"), c => c.Name == "CMER d'Arles");
    }

    [Fact]
    public async Task A_valid_file_creates_updates_and_deactivates_together()
    {
        using var admin = await _app.SignInAsync("admin");
        var miramas = Assert.Single(await admin.ListAsync("?kind=CommuneCell&commune=13063"));
        var csv = string.Join("\r\n",
            Header,
            $"\"{miramas.Id}\",{miramas.Organization},{miramas.Name},CommuneCell,Inactive,,13063,,,,,,false,true",
            ",Commune d'Istres,CMER d'Istres,CommuneCell,Active,,13047; 13063,Istres et Miramas,,,,,,",
            "");

        using var imported = await ImportAsync(admin, csv, dryRun: false);

        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        var report = (await imported.Content.ReadFromJsonAsync<ImportReport>(DirectoryClient.Json, Ct))!;
        Assert.Equal((1, 1, true), (report.Created, report.Updated, report.Imported));
        Assert.Equal(ServiceStatus.Inactive, (await admin.GetServiceAsync(miramas.Id)).Status);
        var istres = Assert.Single(await admin.ListAsync("?commune=13047"));
        Assert.Equal(["13047", "13063"], istres.Communes);
        using var counsellor = await _app.SignInAsync("counsellor1");
        // A file without the charter columns creates a cell without a charter: it receives nothing until one is recorded.
        var decision = await counsellor.RouteAsync(RoutingIntent.ReferToCommuneCell, "13063");
        Assert.Equal(RoutingReasonCode.CommuneCellNoProtocol, decision.ReasonCode);
        Assert.StartsWith("la CMER d'Istres n’a pas de charte signée", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_of_valid_rows_that_break_a_rule_is_a_409_and_imports_nothing()
    {
        using var admin = await _app.SignInAsync("admin");
        var bouches = Assert.Single(await admin.ListAsync("?kind=DepartementalCell&departement=13"));
        var csv = string.Join("\n",
            Header,
            $"{bouches.Id},{bouches.Organization},\"{bouches.Name}\",DepartementalCell,Inactive,13,,,,,,,,",
            ",Commune d'Aubagne,CMER d'Aubagne,CommuneCell,Active,,13005,,,,,,,");

        using var response = await ImportAsync(admin, csv, dryRun: false);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var rowErrors = (await response.ProblemAsync()).GetProperty("rowErrors");
        var error = Assert.Single(rowErrors.EnumerateArray());
        Assert.Equal(2, error.GetProperty("row").GetInt64());
        Assert.Equal(DirectoryRules.OneDepartementalCell, error.GetProperty("rule").GetString());
        Assert.Equal(ServiceStatus.Active, (await admin.GetServiceAsync(bouches.Id)).Status);
        Assert.Empty(await admin.ListAsync("?commune=13005"));
    }

    [Theory]
    [InlineData("organization,name\nPréfecture,Cellule", "id")]
    [InlineData(Header + ",extra\n", "extra")]
    public async Task A_file_without_the_export_columns_is_refused_before_any_row(string csv, string column)
    {
        using var admin = await _app.SignInAsync("admin");

        using var response = await ImportAsync(admin, csv, dryRun: true);

        var report = (await response.Content.ReadFromJsonAsync<ImportReport>(DirectoryClient.Json, Ct))!;
        Assert.Contains(report.Errors, e => e.Row == 1 && e.Column == column);
        Assert.False(report.Imported);
    }

    [Fact]
    public async Task Exports_are_audited()
    {
        using var admin = await _app.SignInAsync("admin");
        await ExportAsync(admin);

        var entries = await admin.GetFromJsonAsync<JsonElement>("/api/audit/?entityType=DirectoryServices", Ct);

        Assert.Equal("Export", Assert.Single(entries.EnumerateArray()).GetProperty("action").GetString());
    }
}
