using Hotline.Server.Geography;
using Hotline.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Hotline.Server.ServiceDirectory;

public static class DirectorySetup
{
    public static WebApplicationBuilder AddDirectory(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemExtension("conflicts", typeof(List<RuleConflict>), "The directory rules a write would break (409).");
        builder.Services.AddProblemExtension("rowErrors", typeof(List<ImportError>), "Every error of a refused CSV import (400, 409).");
        builder.Services.AddGeography();
        builder.Services.AddValidatedOptions<DirectoryOptions>(DirectoryOptions.Section);
        builder.Services.AddValidatedOptions<TransferOptions>(TransferOptions.Section).PostConfigure(options => options.ApplyDefaults());
        builder.Services.AddSingleton<IValidateOptions<TransferOptions>, TransferOptionsValidator>();
        builder.Services.AddSingleton<IValidateOptions<DirectoryOptions>, DirectoryOptionsValidator>();
        builder.Services.AddScoped<DirectoryStore>();
        builder.Services.AddScoped<DirectorySeed>();
        builder.Services.AddScoped<Data.IReferenceDataSeed>(services => services.GetRequiredService<DirectorySeed>());
        builder.Services.AddScoped<Data.IDemoDataSeed>(services => services.GetRequiredService<DirectorySeed>());
        builder.Services.AddScoped<DirectoryRouter>();
        return builder;
    }

    public static WebApplication MapDirectory(this WebApplication app)
    {
        DirectoryEndpoints.Map(app.MapGroup("/api/directory"));
        return app;
    }
}

/// <summary>
/// Routing over the directory as it is now: what the triage and referrals call. The decision itself is
/// <see cref="Routing.Decide"/> (pure); this only reads the snapshot.
/// </summary>
public sealed class DirectoryRouter(DirectoryStore store, GeographyCatalog geography, TimeProvider time)
{
    /// <summary>Decides with charters judged today, unless the request names the day.</summary>
    public async Task<RoutingDecision> DecideAsync(RoutingRequest request, CancellationToken cancellationToken) =>
        Routing.Decide(request.Today == default ? request with { Today = Today(time) } : request, await store.SnapshotAsync(cancellationToken), geography);

    /// <summary>The day charters are judged on (UTC: a charter's review date is a calendar day, hours do not matter).</summary>
    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
}
