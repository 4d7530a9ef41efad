using System.Net;
using Hotline.Server.Geography;
using Hotline.Testing;

namespace Hotline.IntegrationTests.Triage;

/// <summary>The triage's "autre commune" search by name, over the official geography in PostgreSQL.</summary>
public sealed class CommuneSearchTests(HotlineAppFactory app) : IClassFixture<HotlineAppFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>What is typed → a commune that must be among the results (code, département), and where it must rank.</summary>
    public static TheoryData<string, string, string, int> Cases() => new()
    {
        { "Tarascon", "13108", "13", 1 },
        { "tarascon", "13108", "13", 1 },
        // Accents, hyphens and "St" ignored or spelt out.
        { "saint remy de provence", "13100", "13", 1 },
        { "St-Rémy-de-Provence", "13100", "13", 1 },
        { "st remy", "13100", "13", 20 },
        // Homonyms: the Saint-Rémy of Côte-d'Or is found too, with its own département.
        { "Saint-Rémy", "21568", "21", 8 },
        { "Saint-Denis", "93066", "93", 3 },
        { "saint denis", "97411", "974", 3 },
        // A word inside the name.
        { "Mézoargues", "13061", "13", 1 },
        { "mezoargues", "13061", "13", 1 },
        // Arrondissements of Marseille, Paris and Lyon.
        { "Marseille 5", "13205", "13", 1 },
        { "marseille 13e", "13213", "13", 1 },
        { "Paris 13", "75113", "75", 1 },
        { "lyon 1er", "69381", "69", 1 },
        // Corsica: 2A and 2B.
        { "Ajaccio", "2A004", "2A", 1 },
        { "Bastia", "2B033", "2B", 1 },
        // Apostrophes and œ.
        { "L'Haÿ-les-Roses", "94038", "94", 1 },
        { "Œuilly", "51410", "51", 2 },
        // An INSEE code typed directly.
        { "2b033", "2B033", "2B", 1 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Finds_communes_by_name(string query, string code, string departement, int withinFirst)
    {
        using var counsellor = await app.SignInAsync("counsellor1");

        var results = await (await counsellor.GetAsync($"/api/geography/communes?q={Uri.EscapeDataString(query)}", Cancel))
            .ReadAsync<List<CommuneChoice>>();

        Assert.InRange(results.Count, 1, CommuneSearch.MaxResults);
        var index = results.FindIndex(c => c.Code == code);
        Assert.True(index >= 0 && index < withinFirst, $"{query}: {code} at {index} in {string.Join(", ", results.Select(r => r.Code))}");
        Assert.Equal(departement, results[index].DepartementCode);
        Assert.False(string.IsNullOrEmpty(results[index].DepartementName));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("%")]
    [InlineData("zzzzqx")]
    public async Task Too_short_wildcards_or_unknown_names_find_nothing(string query)
    {
        using var counsellor = await app.SignInAsync("counsellor1");

        var results = await (await counsellor.GetAsync($"/api/geography/communes?q={Uri.EscapeDataString(query)}", Cancel))
            .ReadAsync<List<CommuneChoice>>();

        Assert.Empty(results);
    }

    [Fact]
    public async Task A_common_word_never_returns_more_than_20_and_only_counsellors_may_search()
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        var many = await (await counsellor.GetAsync("/api/geography/communes?q=saint", Cancel)).ReadAsync<List<CommuneChoice>>();
        Assert.Equal(CommuneSearch.MaxResults, many.Count);

        using var cell = await app.SignInAsync("cmer-tarascon");
        using var refused = await cell.GetAsync("/api/geography/communes?q=saint", Cancel);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Theory]
    [InlineData("St-Rémy-de-Provence", "saint remy de provence")]
    [InlineData("L'Haÿ-les-Roses", "l hay les roses")]
    [InlineData("  Œuilly ", "oeuilly")]
    [InlineData("Ste Marie", "sainte marie")]
    [InlineData("Stella", "stella")]
    public void Normalises_like_the_stored_names(string text, string expected) => Assert.Equal(expected, CommuneSearch.Normalize(text));
}
