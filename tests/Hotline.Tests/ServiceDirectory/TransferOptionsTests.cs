using Hotline.Server.ServiceDirectory;

namespace Hotline.Tests.ServiceDirectory;

/// <summary><c>Referrals:Transfers:&lt;Kind&gt;</c>: every kind of service has its purposes and legal bases, and consent is never a basis.</summary>
public sealed class TransferOptionsTests
{
    private static readonly TransferOptionsValidator _validator = new();

    private static TransferOptions Defaults()
    {
        var options = new TransferOptions();
        options.ApplyDefaults();
        return options;
    }

    [Fact]
    public void Every_kind_has_valid_defaults_and_none_rests_on_consent()
    {
        var options = Defaults();

        Assert.True(_validator.Validate(null, options).Succeeded);
        Assert.Equal(Enum.GetValues<ServiceKind>().Order(), TransferOptions.Defaults.Keys.Order());
        foreach (var kind in Enum.GetValues<ServiceKind>())
        {
            Assert.NotEmpty(options.For(kind).Purposes);
            Assert.NotEmpty(options.For(kind).LegalBases);
            Assert.All(options.For(kind).LegalBases, b => Assert.DoesNotContain("onsentement", b.Label, StringComparison.Ordinal));
        }

        // A commune cell receives under its charter (instruction of 13 November 2018), not under CSI L132-1 alone.
        Assert.Equal(["charte-cmer"], options.CommuneCell.LegalBases.Select(b => b.Code));
    }

    [Fact]
    public void A_configured_list_replaces_the_defaults_as_a_whole()
    {
        var options = new TransferOptions();
        options.CommuneCell.Purposes.Add(new TransferChoice("seul-motif", "Le seul motif"));
        options.ApplyDefaults();

        Assert.Equal(["seul-motif"], options.CommuneCell.Purposes.Select(p => p.Code));
        Assert.Equal(TransferOptions.Defaults[ServiceKind.CommuneCell].LegalBases.Length, options.CommuneCell.LegalBases.Count);
    }

    [Fact]
    public void Bad_settings_are_named()
    {
        var options = Defaults();
        options.DepartementalCell.Purposes.Add(new TransferChoice("Avec Espace", ""));
        options.CommuneCell.LegalBases.Add(new TransferChoice("consentement-famille", "Consentement de la famille"));
        options.NationalTeam.LegalBases.Add(new TransferChoice(options.NationalTeam.LegalBases[0].Code, "Doublon"));
        options.MandatedAssociation.Purposes.Clear();

        var failures = _validator.Validate(null, options).Failures!.ToList();

        Assert.Contains(failures, f => f.StartsWith("Referrals:Transfers:DepartementalCell:Purposes:2:Code", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Referrals:Transfers:DepartementalCell:Purposes:2:Label", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Referrals:Transfers:CommuneCell:LegalBases: \"consentement-famille\" names consent", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Referrals:Transfers:NationalTeam:LegalBases: the code", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Referrals:Transfers:MandatedAssociation:Purposes needs at least one entry", StringComparison.Ordinal));
    }
}
