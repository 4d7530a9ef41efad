using System.Text;
using Hotline.Server.Geography;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Tests.Geography;

// Facts checked against the generated geography.json (COG 2026, @etalab/decoupage-administratif 6.0.0).
// A yearly refresh may legitimately change a few of them (populations, postal codes): re-check then.
public sealed class GeographyCatalogTests
{
    private static readonly GeographyCatalog _catalog = GeographyCatalog.Shared;

    [Fact]
    public void Records_its_source_and_COG_year()
    {
        Assert.Equal("@etalab/decoupage-administratif 6.0.0", _catalog.Source);
        Assert.Equal(2026, _catalog.CogYear);
    }

    [Fact]
    public void Postal_code_13150_is_Tarascon_in_Bouches_du_Rhone_whose_prefecture_is_Marseille()
    {
        var result = _catalog.ResolvePostalCode("13150");

        Assert.Equal(PostalCodeResolutionKind.SingleDepartement, result.Kind);
        Assert.Equal("13150", result.PostalCode);
        // Tarascon first: it is the most populous of the three communes the code serves.
        Assert.Equal(["13108", "13017", "13061"], result.Communes.Select(c => c.Code));
        Assert.Equal("Tarascon", result.Communes[0].Name);
        var departement = Assert.IsType<Departement>(result.Departement);
        Assert.Equal("13", departement.Code);
        Assert.Equal("Bouches-du-Rhône", departement.Name);
        Assert.Equal("13055", departement.PrefectureCode);
        Assert.Equal("Marseille", departement.PrefectureName);
    }

    [Theory]
    [InlineData("13140", "13063", "Miramas")]
    [InlineData("13390", "13007", "Auriol")]
    public void Postal_code_serving_a_single_commune(string postalCode, string inseeCode, string name)
    {
        var result = _catalog.ResolvePostalCode(postalCode);

        Assert.Equal(PostalCodeResolutionKind.SingleDepartement, result.Kind);
        var commune = Assert.Single(result.Communes);
        Assert.Equal(inseeCode, commune.Code);
        Assert.Equal(name, commune.Name);
        Assert.Equal("13", commune.DepartementCode);
        Assert.Equal("Bouches-du-Rhône", commune.DepartementName);
    }

    [Fact]
    public void Code_13007_is_Auriol_as_an_INSEE_code_but_Marseille_7e_as_a_postal_code()
    {
        var byInsee = _catalog.FindCommune("13007");
        Assert.NotNull(byInsee);
        Assert.Equal("Auriol", byInsee.Name);
        Assert.Equal(["13390"], byInsee.PostalCodes);

        var byPostal = Assert.Single(_catalog.ResolvePostalCode("13007").Communes);
        Assert.Equal("13207", byPostal.Code);
        Assert.Equal("Marseille 7e Arrondissement", byPostal.Name);
        Assert.Equal(CommuneKind.MunicipalArrondissement, byPostal.Kind);
        Assert.Equal("13055", byPostal.ParentCode);
        Assert.Equal("Marseille", byPostal.ParentName);
    }

    [Theory]
    [InlineData("75116")]
    [InlineData("75016")]
    public void Both_postal_codes_of_Paris_16e_give_the_arrondissement_not_the_city(string postalCode)
    {
        var result = _catalog.ResolvePostalCode(postalCode);

        Assert.Equal(PostalCodeResolutionKind.SingleDepartement, result.Kind);
        var commune = Assert.Single(result.Communes);
        Assert.Equal("75116", commune.Code);
        Assert.Equal("Paris 16e Arrondissement", commune.Name);
        Assert.Equal("75056", commune.ParentCode);
        Assert.Equal("Paris", commune.ParentName);
        Assert.Equal("75", result.Departement?.Code);
    }

    [Theory]
    [InlineData("75001", "75101")]
    [InlineData("69009", "69389")]
    [InlineData("13016", "13216")]
    public void Paris_Lyon_and_Marseille_postal_codes_map_to_arrondissements(string postalCode, string arrondissement)
    {
        Assert.Equal(arrondissement, Assert.Single(_catalog.ResolvePostalCode(postalCode).Communes).Code);
    }

    [Theory]
    [InlineData("20000", "2A004", "Ajaccio", "2A", "Corse-du-Sud", GeographyZone.Metro)]
    [InlineData("97400", "97411", "Saint-Denis", "974", "La Réunion", GeographyZone.Drom)]
    [InlineData("97133", "97701", "Saint-Barthélemy", "977", "Saint-Barthélemy", GeographyZone.Com)]
    [InlineData("97150", "97801", "Saint-Martin", "978", "Saint-Martin", GeographyZone.Com)]
    // Never derived from the digits: 94390 is in Essonne (91), not Val-de-Marne (94).
    [InlineData("94390", "91479", "Paray-Vieille-Poste", "91", "Essonne", GeographyZone.Metro)]
    public void Postal_code_gives_commune_and_departement(
        string postalCode, string inseeCode, string name, string departementCode, string departementName, GeographyZone zone)
    {
        var result = _catalog.ResolvePostalCode(postalCode);

        Assert.Equal(PostalCodeResolutionKind.SingleDepartement, result.Kind);
        var commune = Assert.Single(result.Communes);
        Assert.Equal(inseeCode, commune.Code);
        Assert.Equal(name, commune.Name);
        Assert.Equal(departementCode, commune.DepartementCode);
        Assert.Equal(departementName, commune.DepartementName);
        Assert.Equal(zone, commune.Zone);
        Assert.Equal(departementCode, result.Departement?.Code);
    }

    [Fact]
    public void Saint_Barthelemy_is_an_overseas_collectivity_not_a_departement()
    {
        var departement = _catalog.ResolvePostalCode("97133").Departement;

        Assert.NotNull(departement);
        Assert.True(departement.IsOverseasCollectivity);
        Assert.Equal(GeographyZone.Com, departement.Zone);
    }

    [Fact]
    public void Postal_code_13780_spans_Bouches_du_Rhone_and_Var()
    {
        var result = _catalog.ResolvePostalCode("13780");

        Assert.Equal(PostalCodeResolutionKind.Ambiguous, result.Kind);
        Assert.Null(result.Departement);
        Assert.Equal(["13", "83"], result.Departements.Select(d => d.Code));
        Assert.Equal(["13030 Cuges-les-Pins 13", "83105 Riboux 83"], result.Communes.Select(c => $"{c.Code} {c.Name} {c.DepartementCode}"));
    }

    [Fact]
    public void Postal_code_01200_spans_Ain_and_Haute_Savoie()
    {
        var result = _catalog.ResolvePostalCode("01200");

        Assert.Equal(PostalCodeResolutionKind.Ambiguous, result.Kind);
        Assert.Equal(["01", "74"], result.Departements.Select(d => d.Code));
        Assert.Equal(9, result.Communes.Count);
    }

    [Fact]
    public void Exactly_the_16_known_postal_codes_span_two_departements()
    {
        var ambiguous = _catalog.Communes
            .SelectMany(c => c.PostalCodes)
            .Distinct()
            .Where(cp => _catalog.ResolvePostalCode(cp).Kind == PostalCodeResolutionKind.Ambiguous)
            .Order(StringComparer.Ordinal);

        Assert.Equal(
            ["01200", "01410", "01590", "05110", "05130", "05160", "05700", "06260",
             "13780", "21340", "33220", "37160", "42620", "43450", "48250", "52100"],
            ambiguous);
        Assert.Equal(6310, _catalog.PostalCodeCount);
    }

    [Theory]
    [InlineData("00000")]
    [InlineData("abc")]
    [InlineData("1315")]
    [InlineData("131500")]
    [InlineData("13 150")]
    [InlineData("１３１５０")] // full-width digits are not ASCII digits
    [InlineData("")]
    [InlineData(null)]
    public void Anything_else_is_Unknown(string? postalCode)
    {
        var result = _catalog.ResolvePostalCode(postalCode);

        Assert.Equal(PostalCodeResolutionKind.Unknown, result.Kind);
        Assert.Empty(result.Communes);
        Assert.Empty(result.Departements);
        Assert.Null(result.Departement);
    }

    [Fact]
    public void Surrounding_spaces_are_ignored()
    {
        var result = _catalog.ResolvePostalCode(" 13150 ");

        Assert.Equal("13150", result.PostalCode);
        Assert.Equal(PostalCodeResolutionKind.SingleDepartement, result.Kind);
    }

    [Fact]
    public void FindCommune_knows_cities_and_their_arrondissements()
    {
        var paris = _catalog.FindCommune("75056");
        Assert.NotNull(paris);
        Assert.Equal(CommuneKind.Commune, paris.Kind);
        Assert.Null(paris.ParentCode);

        var sixteenth = _catalog.FindCommune("75116");
        Assert.NotNull(sixteenth);
        Assert.Equal(CommuneKind.MunicipalArrondissement, sixteenth.Kind);
        Assert.Equal("75056", sixteenth.ParentCode);
        Assert.Equal(["75016", "75116"], sixteenth.PostalCodes);
    }

    [Theory]
    [InlineData("2A004", "Ajaccio")]
    [InlineData("2a004", "Ajaccio")]
    [InlineData("2B033", "Bastia")]
    [InlineData("01053", "Bourg-en-Bresse")]
    public void FindCommune_by_INSEE_code(string inseeCode, string name) =>
        Assert.Equal(name, _catalog.FindCommune(inseeCode)?.Name);

    [Theory]
    [InlineData("13150")] // a postal code, not an INSEE code
    [InlineData("1053")] // leading zero dropped
    [InlineData("20004")] // Corsica has had 2A/2B INSEE codes since 1976
    [InlineData("")]
    [InlineData(null)]
    public void FindCommune_returns_null_for_unknown_codes(string? code) => Assert.Null(_catalog.FindCommune(code));

    [Fact]
    public void Homonyms_are_told_apart_by_departement()
    {
        var saintDenis = _catalog.Communes.Where(c => c.Name == "Saint-Denis").Select(c => c.DepartementCode);

        Assert.Equal(["11", "30", "93", "974"], saintDenis);
    }

    [Theory]
    [InlineData("2B", "Haute-Corse", "2B033", "Bastia")]
    [InlineData("2a", "Corse-du-Sud", "2A004", "Ajaccio")]
    [InlineData("01", "Ain", "01053", "Bourg-en-Bresse")]
    [InlineData("13", "Bouches-du-Rhône", "13055", "Marseille")]
    [InlineData("974", "La Réunion", "97411", "Saint-Denis")]
    [InlineData("987", "Polynésie française", "98735", "Papeete")]
    public void FindDepartement_gives_name_and_prefecture(string code, string name, string prefectureCode, string prefectureName)
    {
        var departement = _catalog.FindDepartement(code);

        Assert.NotNull(departement);
        Assert.Equal(name, departement.Name);
        Assert.Equal(prefectureCode, departement.PrefectureCode);
        Assert.Equal(prefectureName, departement.PrefectureName);
    }

    [Theory]
    [InlineData("1")] // codes keep their leading zero
    [InlineData("20")] // Corsica is 2A and 2B
    [InlineData("97")]
    [InlineData("")]
    [InlineData(null)]
    public void FindDepartement_does_not_guess(string? code) => Assert.Null(_catalog.FindDepartement(code));

    [Fact]
    public void Has_the_101_departements_and_the_overseas_collectivities()
    {
        var departements = _catalog.Departements.Where(d => !d.IsOverseasCollectivity).Select(d => d.Code).ToList();
        var collectivities = _catalog.Departements.Where(d => d.IsOverseasCollectivity).Select(d => d.Code);

        Assert.Equal(101, departements.Count);
        Assert.Contains("2A", departements);
        Assert.Contains("2B", departements);
        Assert.DoesNotContain("20", departements);
        Assert.Equal(["971", "972", "973", "974", "976"], departements.Where(c => c.Length == 3));
        Assert.Equal(["975", "977", "978", "984", "986", "987", "988", "989"], collectivities);
        Assert.All(_catalog.Departements, d => Assert.False(string.IsNullOrEmpty(d.Name)));
    }

    [Fact]
    public void Every_prefecture_is_a_commune_of_its_departement_and_only_the_TAAF_lacks_one()
    {
        Assert.All(_catalog.Departements.Where(d => d.PrefectureCode is not null), d =>
            Assert.Equal(d.Code, _catalog.FindCommune(d.PrefectureCode)?.DepartementCode));
        Assert.Equal(["984"], _catalog.Departements.Where(d => d.PrefectureCode is null).Select(d => d.Code));
    }

    [Fact]
    public void Counts_match_the_COG()
    {
        var arrondissements = _catalog.Communes.Where(c => c.Kind == CommuneKind.MunicipalArrondissement).ToList();

        Assert.Equal(45, arrondissements.Count);
        Assert.Equal(20, arrondissements.Count(a => a.ParentCode == "75056"));
        Assert.Equal(9, arrondissements.Count(a => a.ParentCode == "69123"));
        Assert.Equal(16, arrondissements.Count(a => a.ParentCode == "13055"));
        Assert.Equal(34_875, _catalog.Communes.Count(c => c.Kind == CommuneKind.Commune && c.Zone != GeographyZone.Com));
        Assert.Equal(94, _catalog.Communes.Count(c => c.Zone == GeographyZone.Com));
    }

    [Fact]
    public void Is_one_shared_instance_also_through_dependency_injection()
    {
        using var services = new ServiceCollection().AddGeography().BuildServiceProvider();

        Assert.Same(GeographyCatalog.Shared, services.GetRequiredService<GeographyCatalog>());
    }

    [Fact]
    public void Refuses_a_file_of_another_format()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(
            """{"format":2,"source":"x","cog":2027,"regions":[],"departements":[],"communes":[]}"""));

        Assert.Throws<InvalidDataException>(() => GeographyCatalog.Load(stream));
    }

    [Fact]
    public void Refuses_a_commune_in_an_unknown_departement()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(
            """{"format":1,"source":"x","cog":2026,"regions":[{"c":"93","n":"PACA"}],"departements":[{"c":"13","n":"B","r":"93","z":"metro"}],"communes":[{"c":"83105","n":"Riboux","d":"83","cp":["13780"]}]}"""));

        Assert.Throws<InvalidDataException>(() => GeographyCatalog.Load(stream));
    }
}
