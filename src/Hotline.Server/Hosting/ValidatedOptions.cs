using Microsoft.Extensions.Options;

namespace Hotline.Server.Hosting;

public static class ValidatedOptions
{
    /// <summary>
    /// Binds a section to <typeparamref name="TOptions"/> and validates it with its data annotations
    /// when the host starts, so a bad setting stops the server with a message naming the setting
    /// instead of failing in the middle of a call.
    /// </summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions>(this IServiceCollection services, string section)
        where TOptions : class
    {
        return services.AddOptions<TOptions>()
            .BindConfiguration(section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
    }
}
