using Hotline.Server.Geography;

namespace Hotline.Tests.Geography;

/// <summary>What a user is told when the commune code they typed is not an INSEE code.</summary>
public sealed class CommuneCodeMessagesTests
{
    private static readonly GeographyCatalog _catalog = GeographyCatalog.Shared;

    [Fact]
    public void A_postal_code_of_one_commune_names_its_insee_code()
    {
        Assert.Equal("« 13200 » est un code postal, pas un code INSEE : Arles a le code INSEE 13004.", _catalog.UnknownInseeCode("13200"));
        Assert.Equal("« 13500 » est un code postal, pas un code INSEE : Martigues a le code INSEE 13056.", _catalog.UnknownInseeCode(" 13500 "));
    }

    [Fact]
    public void A_postal_code_of_several_communes_names_the_first_three()
    {
        var message = _catalog.UnknownInseeCode("13150");
        Assert.StartsWith("« 13150 » est un code postal, pas un code INSEE. Codes INSEE des communes qu’il dessert : ", message, StringComparison.Ordinal);
        Assert.Contains("Tarascon 13108", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_code_says_so_and_long_input_is_shortened()
    {
        Assert.Equal($"Le code INSEE « 99999 » ne correspond à aucune commune (COG {_catalog.CogYear}).", _catalog.UnknownInseeCode("99999"));
        Assert.Contains("« aaaaaaaaaaaaaaaaaaaa… »", _catalog.UnknownInseeCode(new string('a', 500)), StringComparison.Ordinal);
    }
}
