using ArchUnitNET.Domain;
using ArchUnitNET.Domain.Extensions;
using ArchUnitNET.Fluent;
using ArchUnitNET.Fluent.Slices;
using ArchUnitNET.Loader;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace Hotline.Tests.Architecture;

/// <summary>
/// Which feature folders of the server may use which (one way: a feature never reaches back into one that
/// uses it), checked on the compiled server with ArchUnitNET. Data is left out: its DbContext names every
/// feature's entities (EF configuration), and every feature uses the DbContext.
/// </summary>
public sealed class FeatureDependencyTests
{
    private const string Root = "Hotline.Server";

    /// <summary>
    /// The allowed directions. Infrastructure: Hosting (HTTP plumbing, shared result type) uses nothing of ours;
    /// Audit (the trail every feature writes) uses Data and Hosting; Identity (accounts, sessions, roles) uses
    /// Audit and Geography (territories); Geography is reference data (its name search reads a copy in the database). Features use infrastructure and the
    /// features below them: Telephony → Calls ← LiveConsole; Triage and Referrals publish to the live console
    /// through interfaces it implements (ISupervisorAlerts, IReferralNotifier); Compliance (retention, legal
    /// holds, the audit review) sits above the features whose data it keeps or erases.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> Allowed = new Dictionary<string, string[]>
    {
        ["Hosting"] = [],
        ["Geography"] = ["Data", "Hosting"],
        ["Audit"] = ["Data", "Hosting"],
        ["Identity"] = ["Data", "Hosting", "Audit", "Geography"],
        ["Calls"] = ["Data", "Hosting"],
        ["ServiceDirectory"] = ["Data", "Hosting", "Audit", "Identity", "Geography"],
        ["Telephony"] = ["Data", "Hosting", "Geography", "Calls"],
        ["Triage"] = ["Data", "Hosting", "Audit", "Identity", "Geography", "Calls", "ServiceDirectory"],
        ["Referrals"] = ["Data", "Hosting", "Audit", "Identity", "Geography", "Calls", "ServiceDirectory", "Telephony", "Triage"],
        ["LiveConsole"] = ["Data", "Hosting", "Audit", "Identity", "Geography", "Calls", "ServiceDirectory", "Telephony", "Triage", "Referrals", "Statistics"],
        // The wallboard hears of calls and presence through interfaces the live console calls or implements (IConsoleActivity,
        // ICounsellorStateCounts, IStatisticsPublisher): it never depends on the console.
        ["Statistics"] = ["Data", "Hosting", "Identity", "Geography", "Calls", "ServiceDirectory", "Triage", "Referrals"],
        ["WebContacts"] = ["Data", "Hosting", "Audit", "Identity", "Geography", "Calls", "Telephony", "Triage"],
        ["Compliance"] = ["Data", "Hosting", "Audit", "Identity", "Calls", "ServiceDirectory", "Telephony", "Triage", "Referrals", "WebContacts"],
    };

    private static readonly ArchUnitNET.Domain.Architecture Server =
        new ArchLoader().LoadAssemblies(typeof(Program).Assembly).Build();

    /// <summary>The feature folders found in the compiled server (Data left out), e.g. "Telephony".</summary>
    private static IReadOnlyList<string> Features { get; } = [.. Server.Types
        .Select(type => TopLevel(type.Namespace.FullName))
        .OfType<string>()
        .Where(name => name != "Data")
        .Distinct()
        .Order(StringComparer.Ordinal)];

    [Fact]
    public void Every_feature_folder_states_what_it_may_use()
    {
        Assert.Empty(Features.Except(Allowed.Keys));
        Assert.Empty(Allowed.Keys.Except(Features));
    }

    public static TheoryData<string> FeatureNames() => [.. Allowed.Keys];

    [Theory]
    [MemberData(nameof(FeatureNames))]
    public void A_feature_uses_only_what_it_is_allowed_to(string feature)
    {
        var forbidden = Features.Append("Data").Except(Allowed[feature]).Where(other => other != feature).ToList();
        var rule = Types().That().ResideInNamespaceMatching(Pattern(feature))
            .Should().NotDependOnAny(Types().That().ResideInNamespaceMatching(Pattern([.. forbidden])));
        AssertHolds(rule);
    }

    [Fact]
    public void Telephony_does_not_know_the_live_console() =>
        AssertHolds(Types().That().ResideInNamespaceMatching(Pattern("Telephony"))
            .Should().NotDependOnAny(Types().That().ResideInNamespaceMatching(Pattern("LiveConsole", "Triage", "Referrals"))));

    [Fact]
    public void Triage_and_referrals_publish_without_knowing_the_live_console() =>
        AssertHolds(Types().That().ResideInNamespaceMatching(Pattern("Triage", "Referrals"))
            .Should().NotDependOnAny(Types().That().ResideInNamespaceMatching(Pattern("LiveConsole"))));

    [Fact]
    public void The_feature_folders_have_no_cycle()
    {
        // Every top-level namespace is a slice; Data (the EF model of them all) is left out.
        var slices = new SliceRuleCreator();
        slices.SetSliceAssignment(new SliceAssignment(
            type => TopLevel(type.Namespace.FullName) is { } name && name != "Data" ? SliceIdentifier.Of(name) : SliceIdentifier.Ignore(),
            $"matching \"{Root}.(*)..\" except Data"));
        AssertHolds(new GivenSlices(slices).Should().BeFreeOfCycles());
    }

    [Fact]
    public void The_rules_see_a_dependency_when_there_is_one()
    {
        // Guards against a rule that passes because it matched nothing.
        Assert.Contains("Telephony", Features);
        Assert.False(Types().That().ResideInNamespaceMatching(Pattern("LiveConsole"))
            .Should().NotDependOnAny(Types().That().ResideInNamespaceMatching(Pattern("Calls")))
            .HasNoViolations(Server));
    }

    private static void AssertHolds(IArchRule rule)
    {
        var failures = rule.Evaluate(Server).Where(result => !result.Passed).Select(result => result.Description).ToList();
        Assert.True(failures.Count == 0, $"{rule.Description}:\n{string.Join('\n', failures)}");
    }

    private static string Pattern(params string[] features) =>
        $@"^{Root.Replace(".", @"\.", StringComparison.Ordinal)}\.({string.Join('|', features)})(\..*)?$";

    private static string? TopLevel(string nameSpace) =>
        nameSpace.StartsWith(Root + ".", StringComparison.Ordinal) ? nameSpace[(Root.Length + 1)..].Split('.')[0] : null;
}
