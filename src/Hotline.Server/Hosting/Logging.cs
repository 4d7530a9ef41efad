using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Hotline.Server.Hosting;

public static class Logging
{
    /// <summary>
    /// Events waiting for the console at most. Past it new events are dropped (and counted by Serilog's self-log)
    /// rather than making a request wait for the terminal or the log collector's pipe.
    /// </summary>
    public const int ConsoleBufferSize = 10_000;

    /// <summary>
    /// Serilog: readable lines in Development, one JSON object per line elsewhere. The console is written on a
    /// background thread: a request only queues its events (the request log included), never waits for the console.
    /// Levels can be overridden under the <c>Serilog</c> section.
    /// </summary>
    public static WebApplicationBuilder AddHotlineLogging(this WebApplicationBuilder builder)
    {
        var development = builder.Environment.IsDevelopment();
        builder.Services.AddSerilog((services, logger) =>
        {
            logger
                .MinimumLevel.Information()
                .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
                .MinimumLevel.Override("Microsoft.EntityFrameworkCore", LogEventLevel.Warning)
                .MinimumLevel.Override("Microsoft.Extensions.Http", LogEventLevel.Warning)
                .MinimumLevel.Override("Polly", LogEventLevel.Warning)
                .MinimumLevel.Override("System.Net.Http.HttpClient", LogEventLevel.Warning)
                .ReadFrom.Configuration(builder.Configuration)
                .ReadFrom.Services(services)
                .Enrich.FromLogContext();
            logger.WriteTo.Async(
                console =>
                {
                    if (development)
                    {
                        console.Console(
                            formatProvider: System.Globalization.CultureInfo.InvariantCulture,
                            outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}");
                    }
                    else
                    {
                        console.Console(new RenderedCompactJsonFormatter());
                    }
                },
                bufferSize: ConsoleBufferSize,
                blockWhenFull: false);
        });
        return builder;
    }
}
