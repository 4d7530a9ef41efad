using Hotline.Server.ServiceDirectory;
using Hotline.Server.Geography;

namespace Hotline.Tests.ServiceDirectory;

public sealed class DirectoryOptionsTests
{
    private static readonly DirectoryOptionsValidator _validator = new(GeographyCatalog.Shared);

    private static DirectoryOptions Defaults()
    {
        var options = new DirectoryOptions();
        options.CommuneCellTransfer.ApplyDefaults();
        return options;
    }

    [Fact]
    public void The_defaults_are_valid_and_name_every_collectivity()
    {
        Assert.True(_validator.Validate(null, Defaults()).Succeeded);
        Assert.Equal(
            GeographyCatalog.Shared.Departements.Where(d => d.IsOverseasCollectivity).Select(d => d.Code),
            Defaults().StateRepresentatives.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_configured_list_replaces_the_defaults_as_a_whole()
    {
        var options = new DirectoryOptions();
        options.CommuneCellTransfer.Purposes.Add(new TransferChoice("seul-motif", "Le seul motif"));
        options.CommuneCellTransfer.ApplyDefaults();

        Assert.Equal(["seul-motif"], options.CommuneCellTransfer.Purposes.Select(p => p.Code));
        Assert.Equal(CommuneCellTransferOptions.DefaultLegalBases.Count, options.CommuneCellTransfer.LegalBases.Count);
    }

    [Fact]
    public void Bad_settings_are_named()
    {
        var options = Defaults();
        options.StateRepresentatives.Remove("988");
        options.StateRepresentatives["13"] = "Pas une collectivité";
        options.CommuneCellTransfer.Purposes.Add(new TransferChoice("Avec Espace", ""));
        options.CommuneCellTransfer.LegalBases.Add(new TransferChoice(options.CommuneCellTransfer.LegalBases[0].Code, "Doublon"));

        var failures = _validator.Validate(null, options).Failures!.ToList();

        Assert.Contains(failures, f => f.StartsWith("Directory:StateRepresentatives:988 is required", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Directory:StateRepresentatives:13 is not an overseas collectivity", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Directory:CommuneCellTransfer:Purposes:3:Code", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Directory:CommuneCellTransfer:Purposes:3:Label", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("LegalBases: the code", StringComparison.Ordinal));
    }
}
