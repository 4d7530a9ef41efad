using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Hotline.Server.Geography;

public static class GeographyExtensions
{
    /// <summary>
    /// Registers the <see cref="GeographyCatalog"/> singleton. The catalog is immutable, so every
    /// container (including test hosts) shares the one process-wide instance instead of re-reading the data.
    /// </summary>
    public static IServiceCollection AddGeography(this IServiceCollection services)
    {
        services.TryAddSingleton(_ => GeographyCatalog.Shared);
        return services;
    }
}
