using Hotline.Server.ServiceDirectory;
using Hotline.Server.Geography;

namespace Hotline.Tests.ServiceDirectory;

public sealed class DirectoryOptionsTests
{
    private static readonly DirectoryOptionsValidator _validator = new(GeographyCatalog.Shared);

    private static DirectoryOptions Defaults() => new();

    [Fact]
    public void The_defaults_are_valid_and_name_every_collectivity()
    {
        Assert.True(_validator.Validate(null, Defaults()).Succeeded);
        Assert.Equal(
            GeographyCatalog.Shared.Departements.Where(d => d.IsOverseasCollectivity).Select(d => d.Code),
            Defaults().StateRepresentatives.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Bad_settings_are_named()
    {
        var options = Defaults();
        options.StateRepresentatives.Remove("988");
        options.StateRepresentatives["13"] = "Pas une collectivité";

        var failures = _validator.Validate(null, options).Failures!.ToList();

        Assert.Contains(failures, f => f.StartsWith("Directory:StateRepresentatives:988 is required", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Directory:StateRepresentatives:13 is not an overseas collectivity", StringComparison.Ordinal));
    }
}
