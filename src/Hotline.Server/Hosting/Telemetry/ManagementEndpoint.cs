using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Hotline.Server.Hosting.Telemetry;

/// <summary>
/// The management port: a listener of its own (not an endpoint of the public pipeline), so nothing of the API is
/// reachable there and <c>/metrics</c> is not reachable on the public port whatever the Host header says. It serves
/// the Prometheus exporter of this process's OpenTelemetry set-up; anything else is a 404.
/// </summary>
public sealed class ManagementEndpoint(
    IServiceProvider services, IOptions<ManagementOptions> options, IConfiguration configuration, ILogger<ManagementEndpoint> logger)
    : IHostedService, IAsyncDisposable
{
    private WebApplication? _listener;

    /// <summary>The addresses bound (the real port when 0 was asked for), once started.</summary>
    public IReadOnlyList<string> Addresses { get; private set; } = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Validated at start already (ManagementUrlsValidator): this cannot throw any more.
        var addresses = ManagementAddress.Parse(options.Value.Urls, configuration["urls"]);
        // The exporter's middleware runs on the application's services (its MeterProvider and options).
        var scrape = new ApplicationBuilder(services);
        scrape.Use((context, next) =>
        {
            // Scrapes are not requests of the line: kept out of http.server.request.duration.
            if (context.Features.Get<IHttpMetricsTagsFeature>() is { } metrics)
            {
                metrics.MetricsDisabled = true;
            }

            return next(context);
        });
        scrape.UseOpenTelemetryPrometheusScrapingEndpoint();
        scrape.Run(context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        var pipeline = scrape.Build();

        // An empty builder: no configuration of the application (its URLs, its Kestrel section) reaches this listener.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "Hotline.Management" });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            foreach (var address in addresses)
            {
                if (address.IsLocalhost)
                {
                    kestrel.ListenLocalhost(address.Port);
                }
                else
                {
                    kestrel.Listen(address.Address!, address.Port);
                }
            }
        });
        var listener = builder.Build();
        listener.Run(pipeline);
        try
        {
            await listener.StartAsync(cancellationToken);
        }
        catch (IOException exception)
        {
            await listener.DisposeAsync();
            throw new InvalidOperationException($"{ManagementOptions.UrlsKey}: cannot listen ({exception.Message}).", exception);
        }

        _listener = listener;
        Addresses = [.. listener.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses];
        logger.LogInformation("Metrics for Prometheus on {Addresses} (/metrics)", string.Join(", ", Addresses));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_listener is not null)
        {
            await _listener.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_listener is not null)
        {
            await _listener.DisposeAsync();
            _listener = null;
        }
    }
}
