using System.Net;
using System.Net.Http.Json;
using System.Text;
using Hotline.Server.ServiceDirectory;
using Hotline.Testing;

namespace Hotline.IntegrationTests.ServiceDirectory;

/// <summary>The admin API of the directory on a Development server (reference and demo data seeded at start-up).</summary>
public sealed class DirectoryApiTests(HotlineAppFactory app) : IClassFixture<HotlineAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_geography_seeds_one_departemental_cell_per_departement_state_representatives_and_the_national_team()
    {
        using var admin = await app.SignInAsync("admin");

        // Active only: another test of this class may have added an inactive cell before this one runs.
        var cells = await admin.ListAsync("?kind=DepartementalCell&status=Active");
        var representatives = await admin.ListAsync("?kind=StateRepresentative");
        var national = await admin.ListAsync("?kind=NationalTeam");

        Assert.Equal(101, cells.Count);
        Assert.All(cells, c => Assert.Single(c.Departements));
        Assert.Equal(101, cells.SelectMany(c => c.Departements).Distinct().Count());
        var bouches = Assert.Single(cells, c => c.Departements[0] == "13");
        Assert.Equal("Cellule départementale de prévention et d'accompagnement des familles — Préfecture des Bouches-du-Rhône", bouches.Name);
        Assert.Equal("Préfecture des Bouches-du-Rhône", bouches.Organization);
        Assert.True(bouches.ToComplete);
        Assert.False(bouches.IsDemo);
        var details = await admin.GetServiceAsync(bouches.Id);
        Assert.Null(details.Email);
        Assert.Empty(details.Phones);
        Assert.Empty(details.Contacts);
        Assert.Contains(cells, c => c.Departements[0] == "2A" && c.Name.EndsWith("Préfecture de la Corse-du-Sud", StringComparison.Ordinal));
        Assert.Contains(cells, c => c.Departements[0] == "974" && c.Name.EndsWith("Préfecture de La Réunion", StringComparison.Ordinal));

        Assert.Equal(["975", "977", "978", "984", "986", "987", "988", "989"], representatives.SelectMany(r => r.Departements).Order(StringComparer.Ordinal));
        Assert.Contains(representatives, r => r.Name == "Haut-commissariat de la République en Nouvelle-Calédonie");
        Assert.Equal("Équipe nationale du numéro vert", Assert.Single(national).Name);
    }

    [Fact]
    public async Task Development_has_demo_commune_cells_for_Tarascon_and_Miramas_marked_as_demo()
    {
        using var admin = await app.SignInAsync("admin");

        var demo = (await admin.ListAsync("?kind=CommuneCell")).Where(c => c.IsDemo).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();

        Assert.Contains(demo, c => c.Name == "CMER de Tarascon" && c.Communes.SequenceEqual(["13108"]));
        Assert.Contains(demo, c => c.Name == "CMER de Miramas" && c.Communes.SequenceEqual(["13063"]));
        Assert.All(demo, c => Assert.Equal(ServiceStatus.Active, c.Status));
    }

    [Theory]
    [InlineData("admin", HttpStatusCode.OK)]
    [InlineData("counsellor1", HttpStatusCode.OK)]
    [InlineData("supervisor1", HttpStatusCode.OK)]
    [InlineData("coordinator13", HttpStatusCode.OK)]
    [InlineData("cmer-tarascon", HttpStatusCode.Forbidden)]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    public async Task Reading_is_for_the_line_and_coordinators(string? userName, HttpStatusCode expected)
    {
        using var client = userName is null ? app.CreateApiClient() : await app.SignInAsync(userName);

        foreach (var path in new[] { "/api/directory/services", "/api/directory/commune-cell-transfer" })
        {
            using var response = await client.GetAsync(path, Ct);
            Assert.Equal(expected, response.StatusCode);
        }
    }

    [Theory]
    [InlineData("counsellor1", HttpStatusCode.Forbidden)]
    [InlineData("supervisor1", HttpStatusCode.Forbidden)]
    [InlineData("coordinator13", HttpStatusCode.Forbidden)]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    public async Task Only_admins_write_export_and_import(string? userName, HttpStatusCode expected)
    {
        using var client = userName is null ? app.CreateApiClient() : await app.SignInAsync(userName);
        using var admin = await app.SignInAsync("admin");
        var any = (await admin.ListAsync("?kind=DepartementalCell"))[0];
        var request = DirectoryClient.CommuneCell("CMER interdite", "13004");

        HttpResponseMessage[] responses =
        [
            await client.CreateAsync(request),
            await client.PutAsJsonAsync($"/api/directory/services/{any.Id}", request, DirectoryClient.Json, Ct),
            await client.PostAsync($"/api/directory/services/{any.Id}/deactivate", null, Ct),
            await client.GetAsync("/api/directory/services/export.csv", Ct),
            await client.PostAsync("/api/directory/services/import?dryRun=true", new StringContent("id\n", Encoding.UTF8, "text/csv"), Ct),
        ];

        Assert.All(responses, r => Assert.Equal(expected, r.StatusCode));
        Assert.Equal(ServiceStatus.Active, (await admin.GetServiceAsync(any.Id)).Status);
        Assert.DoesNotContain(await admin.ListAsync("?kind=CommuneCell"), c => c.Name == "CMER interdite");
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task An_admin_creates_a_commune_cell_and_routing_uses_it_at_once()
    {
        using var admin = await app.SignInAsync("admin");
        using var counsellor = await app.SignInAsync("counsellor1");
        var before = await counsellor.RouteAsync(RoutingIntent.ReferToCommuneCell, "13004");
        Assert.Equal(RoutingReasonCode.NoCommuneCell, before.ReasonCode);
        Assert.Equal("aucune cellule municipale ne couvre Arles (13004) → cellule départementale des Bouches-du-Rhône", before.Reason);

        using var created = await admin.CreateAsync(new ServiceRequest(
            "Commune d'Arles", "CMER d'Arles", ServiceKind.CommuneCell,
            Communes: ["13004"],
            Protocol: DirectoryClient.DirectCharter,
            Email: "cmer@arles.example",
            Phones: [new PhoneDto("04 90 00 00 00", "accueil")],
            Contacts: [new ContactDto("Référent radicalisation", "Référent", "referent@arles.example")],
            Schedules: [new ScheduleDto(DayOfWeek.Monday, "09:00", "12:00"), new ScheduleDto(Description: "sur rendez-vous")]));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var service = (await created.Content.ReadFromJsonAsync<ServiceDto>(DirectoryClient.Json, Ct))!;
        Assert.Equal($"/api/directory/services/{service.Id}", created.Headers.Location?.OriginalString);
        var read = await admin.GetServiceAsync(service.Id);
        Assert.Equal("Commune d'Arles", read.Organization);
        Assert.Equal(["13004"], read.Communes);
        Assert.Equal([new PhoneDto("+33490000000", "accueil")], read.Phones); // stored in E.164
        Assert.Equal([new ScheduleDto(DayOfWeek.Monday, "09:00", "12:00"), new ScheduleDto(Description: "sur rendez-vous")], read.Schedules);
        Assert.False(read.ToComplete);
        Assert.False(read.IsDemo);

        var after = await counsellor.RouteAsync(RoutingIntent.ReferToCommuneCell, "13004");
        Assert.Equal(RoutingOutcome.Routed, after.Outcome);
        Assert.Equal(service.Id, after.Service?.Id);
        Assert.Equal("Arles (13004) a une cellule municipale (CMER) → CMER d'Arles", after.Reason);
    }

    [Fact]
    public async Task Routing_explains_the_demo_cell_of_Tarascon_and_an_unknown_place()
    {
        using var counsellor = await app.SignInAsync("counsellor1");

        var tarascon = await counsellor.RouteAsync(RoutingIntent.ReferToCommuneCell, "13108", "13", "13150");
        var unknown = await counsellor.RouteAsync(RoutingIntent.ReferToDepartementalCell);
        var vaucluse = await counsellor.RouteAsync(RoutingIntent.ReferToDepartementalCell, postalCode: "84300");

        Assert.Equal("CMER de Tarascon", tarascon.Service?.Name);
        Assert.Equal("Tarascon (13108) a une cellule municipale (CMER) → CMER de Tarascon", tarascon.Reason);
        Assert.Equal(RoutingOutcome.NationalTeamMustChoose, unknown.Outcome);
        Assert.Equal("Équipe nationale du numéro vert", unknown.Service?.Name);
        Assert.Equal("lieu inconnu → l'équipe nationale doit choisir", unknown.Reason);
        Assert.Equal("commune inconnue, code postal 84300 dans le département 84 → cellule départementale de Vaucluse", vaucluse.Reason);
        Assert.EndsWith("Préfecture de Vaucluse", vaucluse.Service?.Name, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Routing_needs_an_intent_and_is_not_for_commune_cells()
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        using var cell = await app.SignInAsync("cmer-tarascon");

        using var invalid = await counsellor.PostAsJsonAsync("/api/directory/routing", new { communeCode = "13108" }, Ct);
        using var forbidden = await cell.PostAsJsonAsync("/api/directory/routing", new { intent = "ReferToCommuneCell" }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    [Fact]
    public async Task Invalid_services_get_400_with_every_field_named()
    {
        using var admin = await app.SignInAsync("admin");

        using var response = await admin.CreateAsync(new
        {
            organization = "",
            name = new string('x', 400),
            kind = "DepartementalCell",
            departements = new List<string> { "13", "84" },
            communes = new List<string> { "99999" },
            email = "not-an-address",
            url = "ftp://example",
            phones = new[] { new { number = "call me" } },
            schedules = new[] { new { day = "Monday", opens = "18:00", closes = "09:00" } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ProblemAsync()).GetProperty("errors");
        foreach (var field in new[] { "organization", "name", "departements", "communes", "email", "url", "phones", "schedules" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
        }

        Assert.Contains("INSEE", errors.GetProperty("communes")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_services_are_404()
    {
        using var admin = await app.SignInAsync("admin");
        var missing = Guid.NewGuid();

        using var get = await admin.GetAsync($"/api/directory/services/{missing}", Ct);
        using var put = await admin.PutAsJsonAsync($"/api/directory/services/{missing}", DirectoryClient.CommuneCell("CMER fantôme", "13005"), DirectoryClient.Json, Ct);
        using var deactivate = await admin.PostAsync($"/api/directory/services/{missing}/deactivate", null, Ct);

        Assert.All(new[] { get, put, deactivate }, r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        await get.ProblemAsync();
    }

    [Fact]
    public async Task Two_active_commune_cells_never_cover_the_same_commune_nor_a_city_and_its_arrondissement()
    {
        using var admin = await app.SignInAsync("admin");

        using var second = await admin.CreateAsync(DirectoryClient.CommuneCell("Autre CMER de Tarascon", "13108"));
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var problem = await second.ProblemAsync();
        var conflict = problem.GetProperty("conflicts")[0];
        Assert.Equal(DirectoryRules.NoOverlappingCommuneCells, conflict.GetProperty("rule").GetString());
        Assert.Contains("Tarascon (13108)", conflict.GetProperty("message").GetString(), StringComparison.Ordinal);

        using var city = await admin.CreateAsync(DirectoryClient.CommuneCell("CMER de Marseille", "13055"));
        Assert.Equal(HttpStatusCode.Created, city.StatusCode);
        using var arrondissement = await admin.CreateAsync(DirectoryClient.CommuneCell("CMER de Marseille 13e", "13213"));
        Assert.Equal(HttpStatusCode.Conflict, arrondissement.StatusCode);

        // An inactive one may: it is kept for history and routing skips it.
        using var inactive = await admin.CreateAsync(DirectoryClient.CommuneCell("Ancienne CMER de Tarascon", "13108") with { Status = ServiceStatus.Inactive });
        Assert.Equal(HttpStatusCode.Created, inactive.StatusCode);
        Assert.Equal(2, (await admin.ListAsync("?commune=13108")).Count);
        // The arrondissement is covered through its city.
        using var counsellor = await app.SignInAsync("counsellor1");
        Assert.Equal("CMER de Marseille", (await counsellor.RouteAsync(RoutingIntent.ReferToCommuneCell, "13213")).Service?.Name);
    }

    [Fact]
    public async Task Every_departement_keeps_exactly_one_active_departemental_cell()
    {
        using var admin = await app.SignInAsync("admin");
        var var83 = Assert.Single(await admin.ListAsync("?kind=DepartementalCell&departement=83"));

        using var second = await admin.CreateAsync(new ServiceRequest("Préfecture du Var", "Seconde cellule du Var", ServiceKind.DepartementalCell, Departements: ["83"]));
        using var deactivate = await admin.PostAsync($"/api/directory/services/{var83.Id}/deactivate", null, Ct);
        using var moved = await admin.PutAsJsonAsync(
            $"/api/directory/services/{var83.Id}",
            new ServiceRequest(var83.Organization, var83.Name, ServiceKind.DepartementalCell, Departements: ["84"]),
            DirectoryClient.Json,
            Ct);

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, deactivate.StatusCode);
        Assert.Contains("n’aurait plus de cellule départementale active", (await deactivate.ProblemAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, moved.StatusCode);
        var conflicts = (await moved.ProblemAsync()).GetProperty("conflicts");
        Assert.Equal(2, conflicts.GetArrayLength()); // 83 left without one, 84 with two
        Assert.Equal(ServiceStatus.Active, (await admin.GetServiceAsync(var83.Id)).Status);
        Assert.Equal(["83"], (await admin.GetServiceAsync(var83.Id)).Departements);

        // An inactive second cell is allowed (prepared in advance, for instance).
        using var prepared = await admin.CreateAsync(new ServiceRequest("Préfecture du Var", "Future cellule du Var", ServiceKind.DepartementalCell, ServiceStatus.Inactive, Departements: ["83"]));
        Assert.Equal(HttpStatusCode.Created, prepared.StatusCode);
    }

    [Fact]
    public async Task An_admin_completes_a_departemental_cell_and_a_deactivated_commune_cell_is_skipped_by_routing()
    {
        using var admin = await app.SignInAsync("admin");
        using var counsellor = await app.SignInAsync("counsellor1");
        var vaucluse = Assert.Single(await admin.ListAsync("?kind=DepartementalCell&departement=84"));

        using var completed = await admin.PutAsJsonAsync(
            $"/api/directory/services/{vaucluse.Id}",
            new ServiceRequest(vaucluse.Organization, vaucluse.Name, ServiceKind.DepartementalCell,
                Departements: ["84"], Email: "cpraf@vaucluse.example", Phones: [new PhoneDto("+33 4 90 00 00 00")], ToComplete: false),
            DirectoryClient.Json,
            Ct);
        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        var read = await admin.GetServiceAsync(vaucluse.Id);
        Assert.Equal("cpraf@vaucluse.example", read.Email);
        Assert.False(read.ToComplete);
        Assert.DoesNotContain(await admin.ListAsync("?toComplete=true&kind=DepartementalCell"), s => s.Id == vaucluse.Id);

        using var cell = await admin.CreateAsync(DirectoryClient.CommuneCell("CMER d'Orange", "84087"));
        var orange = (await cell.Content.ReadFromJsonAsync<ServiceDto>(DirectoryClient.Json, Ct))!;
        using var deactivated = await admin.PostAsync($"/api/directory/services/{orange.Id}/deactivate", null, Ct);
        Assert.Equal(HttpStatusCode.OK, deactivated.StatusCode);
        Assert.Equal(ServiceStatus.Inactive, (await deactivated.Content.ReadFromJsonAsync<ServiceDto>(DirectoryClient.Json, Ct))!.Status);

        // Editing it without a status keeps it inactive.
        using (var edited = await admin.PutAsJsonAsync($"/api/directory/services/{orange.Id}", DirectoryClient.CommuneCell("CMER d'Orange", "84087"), DirectoryClient.Json, Ct))
        {
            Assert.Equal(ServiceStatus.Inactive, (await edited.Content.ReadFromJsonAsync<ServiceDto>(DirectoryClient.Json, Ct))!.Status);
        }

        var decision = await counsellor.RouteAsync(RoutingIntent.ReferToCommuneCell, "84087");
        Assert.Equal(RoutingReasonCode.CommuneCellInactive, decision.ReasonCode);
        Assert.Equal(vaucluse.Id, decision.Service?.Id);
        Assert.Equal("CMER d'Orange, qui couvre Orange (84087), est inactive → cellule départementale de Vaucluse", decision.Reason);
    }

    [Fact]
    public async Task Concurrent_writes_cannot_together_break_a_rule_and_each_write_is_audited()
    {
        using var first = await app.SignInAsync("admin");
        using var second = await app.SignInAsync("admin");

        // Ten pairs racing for Salon-de-Provence: the advisory lock lets exactly one cell in.
        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            (i % 2 == 0 ? first : second).CreateAsync(DirectoryClient.CommuneCell($"CMER de Salon {i}", "13103"))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(9, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        var created = Assert.Single(await first.ListAsync("?commune=13103"));
        var audit = await first.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/audit/?entityType={DirectoryStore.AuditEntity}&entityId={created.Id}", Ct);
        Assert.Equal("Create", Assert.Single(audit.EnumerateArray()).GetProperty("action").GetString());
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Every_kind_of_service_has_its_configured_purposes_and_legal_bases_and_none_is_consent()
    {
        using var counsellor = await app.SignInAsync("counsellor1");

        var cell = await counsellor.GetFromJsonAsync<CommuneCellTransferChoices>("/api/directory/commune-cell-transfer", DirectoryClient.Json, Ct);
        var all = await counsellor.GetFromJsonAsync<List<KindTransferChoices>>("/api/directory/transfers", DirectoryClient.Json, Ct);

        Assert.NotNull(cell);
        Assert.Equal(TransferOptions.Defaults[ServiceKind.CommuneCell].Purposes.Select(p => p.Code), cell.Purposes.Select(p => p.Code));
        Assert.Equal(["charte-cmer"], cell.LegalBases.Select(b => b.Code));
        Assert.Equal(Enum.GetValues<ServiceKind>().Order(), all!.Select(k => k.Kind).Order());
        Assert.All(all!, kind =>
        {
            Assert.NotEmpty(kind.Purposes);
            Assert.NotEmpty(kind.LegalBases);
            Assert.All(kind.Purposes.Concat(kind.LegalBases), c => Assert.False(string.IsNullOrWhiteSpace(c.Label)));
            Assert.All(kind.LegalBases, b => Assert.DoesNotContain("consent", b.Code, StringComparison.Ordinal));
        });
    }

    [Fact]
    public async Task The_list_tells_demo_data_apart_from_real_services()
    {
        using var admin = await app.SignInAsync("admin");

        var demo = await admin.ListAsync("?demo=true");
        var real = await admin.ListAsync("?demo=false&kind=DepartementalCell");

        Assert.All(demo, s => Assert.True(s.IsDemo));
        Assert.Contains(demo, s => s.Name == "CMER de Tarascon");
        Assert.DoesNotContain(demo, s => s.Kind == ServiceKind.DepartementalCell);
        Assert.All(real, s => Assert.False(s.IsDemo));
        Assert.True(real.Count >= 101, $"{real.Count} departmental cells");
        Assert.Empty(await admin.ListAsync("?demo=true&kind=DepartementalCell"));
    }
}
