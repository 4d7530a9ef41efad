using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Hotline.Server.Hosting.Telemetry;

/// <summary>
/// OpenTelemetry: the project's meter, ASP.NET Core, HttpClient, runtime and Npgsql measurements, scraped by Prometheus
/// on the management port (<see cref="ManagementEndpoint"/>); with <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set, metrics and
/// traces are also pushed over OTLP (the standard <c>OTEL_*</c> variables apply).
/// </summary>
public static class TelemetrySetup
{
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        // Checked at start (the final configuration: tests add theirs when the host is built): a bad value stops the
        // server with a message naming the setting.
        builder.Services.AddValidatedOptions<ManagementOptions>(ManagementOptions.Section);
        builder.Services.AddSingleton<IValidateOptions<ManagementOptions>, ManagementUrlsValidator>();
        builder.Services.AddSingleton<HotlineMeter>();

        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointKey]);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("hotline", serviceVersion: typeof(TelemetrySetup).Assembly.GetName().Version?.ToString()))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(HotlineMeter.Name)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddNpgsqlInstrumentation()
                    // No cached response: a scrape shows the values of now (scrapes are few; each is cheap).
                    .AddPrometheusExporter(options => options.ScrapeResponseCacheDurationMilliseconds = 0);
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        if (otlp)
        {
            // Traces only when someone collects them: without a collector they would cost and go nowhere.
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !context.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation(options => options.EnrichWithHttpRequestMessage = (activity, request) =>
                {
                    // Twilio's REST paths name the account and the call: the span keeps the host only.
                    if (request.RequestUri is { } uri)
                    {
                        activity.SetTag("url.full", uri.GetLeftPart(UriPartial.Authority));
                    }
                })
                .AddNpgsql()
                .AddOtlpExporter());
        }

        builder.Services.AddSingleton<ManagementEndpoint>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ManagementEndpoint>());
        builder.Services.AddSingleton<DatabaseGaugeRefresher>();
        builder.Services.AddHostedService(services => services.GetRequiredService<DatabaseGaugeRefresher>());
        return builder;
    }

    /// <summary>
    /// <c>/metrics</c> on the public port is a plain 404 (not the console's page, not a sign-in prompt): metrics live on
    /// the management port only.
    /// </summary>
    public static WebApplication MapMetricsNotServedHere(this WebApplication app)
    {
        // A group of its own: an endpoint mapped on the app itself here would put every endpoint mapped on the app
        // later ahead of the feature groups (the app's data source is made at its first use), reordering the API document.
        app.MapGroup("/metrics").Map("/{**rest}", () => TypedResults.NotFound()).AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}

internal sealed class ManagementUrlsValidator(IConfiguration configuration) : IValidateOptions<ManagementOptions>
{
    public ValidateOptionsResult Validate(string? name, ManagementOptions options)
    {
        try
        {
            ManagementAddress.Parse(options.Urls, configuration["urls"]);
            return ValidateOptionsResult.Success;
        }
        catch (InvalidOperationException exception)
        {
            return ValidateOptionsResult.Fail(exception.Message);
        }
    }
}
