using Hotline.Server.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Hotline.Server.Telephony.TwilioRest;

public static class TwilioRestExtensions
{
    /// <summary>
    /// Registers <see cref="TwilioApi"/> and its HTTP client. Expects <see cref="TwilioOptions"/> to be
    /// registered (AddTelephony does it).
    /// </summary>
    public static IServiceCollection AddTwilioRest(this IServiceCollection services)
    {
        services.AddValidatedOptions<TwilioRestOptions>(TwilioRestOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.AddTransient<TwilioRequestContextHandler>();
        services.AddTransient<TwilioApiBaseHandler>();
        services.AddHttpClient(TwilioApi.HttpClientName)
            // A call list's URL carries the number called (To=…). .NET redacts query strings in these
            // logs by default, but one AppContext switch undoes that; they say nothing ours do not.
            .RemoveAllLoggers()
            // Outside the pipeline, so they run once per request and not once per attempt.
            .AddHttpMessageHandler<TwilioRequestContextHandler>()
            .AddHttpMessageHandler<TwilioApiBaseHandler>()
            .AddResilienceHandler("Twilio", (builder, context) => TwilioResilience.Configure(
                builder,
                context.ServiceProvider.GetRequiredService<IOptions<TwilioRestOptions>>().Value,
                context.ServiceProvider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<TwilioApi>();
        return services;
    }
}
