using Hotline.Server.Hosting;

namespace Hotline.Server.Statistics;

/// <summary>
/// The figures the line is run by: the supervisors' live wallboard (kept incrementally, pushed over the hub) and the
/// reports over any period (SQL aggregates), coordinators seeing their territory with small counts suppressed.
/// </summary>
public static class StatisticsSetup
{
    public static WebApplicationBuilder AddStatistics(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<StatisticsOptions>(StatisticsOptions.Section)
            .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out _), "Statistics:TimeZone is not a known time zone (e.g. Europe/Paris).");
        builder.Services.AddScoped<CallDayRollup>();
        builder.Services.AddScoped<ReportQueries>();
        builder.Services.AddScoped<StatisticsReports>();
        builder.Services.AddSingleton<LiveStatisticsTracker>();
        builder.Services.AddSingleton<IConsoleActivity>(services => services.GetRequiredService<LiveStatisticsTracker>());
        builder.Services.AddHostedService(services => services.GetRequiredService<LiveStatisticsTracker>());
        return builder;
    }

    public static WebApplication MapStatistics(this WebApplication app)
    {
        // Signed-in users only; the roles are checked in the handlers so that a refusal carries its code.
        var group = app.MapGroup("/api/statistics").RequireAuthorization().WithTags("Statistics").WithApiProblems();
        group.MapGet("/live", StatisticsEndpoints.Live)
            .WithSummary("The supervisors' wallboard now: queue, today's figures, counsellors by state, calls per hour.");
        group.MapGet("/report", StatisticsEndpoints.Report)
            .WithSummary("The figures of a period cut by day, week, month, département, motive or outcome (coordinators: their territory, counts under 5 suppressed).");
        group.MapGet("/report.csv", StatisticsEndpoints.ReportCsv)
            .WithSummary("The same report as CSV (\";\" separated, French headers, suppressed counts written \"< 5\").")
            .Produces<string>(StatusCodes.Status200OK, "text/csv");
        return app;
    }
}
