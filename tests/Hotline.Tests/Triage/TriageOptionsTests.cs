using Hotline.Server.Triage;
using Microsoft.Extensions.Configuration;

namespace Hotline.Tests.Triage;

public sealed class TriageOptionsTests
{
    private static TriageOptions Shipped()
    {
        // The taxonomy as shipped in appsettings.json, bound as the server binds it.
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: false)
            .Build();
        var options = new TriageOptions();
        configuration.GetSection(TriageOptions.Section).Bind(options);
        return options;
    }

    [Fact]
    public void The_shipped_taxonomy_is_valid_and_seeded_from_the_signs_of_the_domain_notes()
    {
        var options = Shipped();

        Assert.True(new TriageOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(11, options.Taxonomy.Signs.Count);
        Assert.Contains(options.Taxonomy.Signs, s => s.Id == "travel-conflict-zone");
        Assert.Equal(["information", "concern", "serious-concern", "immediate-danger"], options.Taxonomy.Urgency.Select(u => u.Id));
        Assert.True(options.Taxonomy.Level("immediate-danger")!.ImmediateDanger);
    }

    [Fact]
    public void A_broken_taxonomy_is_reported_setting_by_setting()
    {
        var options = Shipped();
        options.Taxonomy.Version = "";
        options.Taxonomy.Signs.Add(new WarningSignDefinition { Id = "family-break", Label = new() { ["fr"] = "Doublon", ["en"] = "Duplicate" } });
        options.Taxonomy.Signs.Add(new WarningSignDefinition { Id = "Bad Id", Label = new() { ["fr"] = "x" } });
        options.Taxonomy.Urgency[0].ImmediateDanger = true;

        var result = new TriageOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Contains(failures, f => f.StartsWith("Triage:Taxonomy:Version", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Triage:Taxonomy:Signs:11:Id \"family-break\" appears twice", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Triage:Taxonomy:Signs:12:Id", StringComparison.Ordinal));
        Assert.Contains(failures, f => f == "Triage:Taxonomy:Signs:12:Label:en is required.");
        Assert.Contains(failures, f => f.Contains("exactly one level with ImmediateDanger", StringComparison.Ordinal));
    }
}
