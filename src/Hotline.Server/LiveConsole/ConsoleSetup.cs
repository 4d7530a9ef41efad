using Hotline.Server.Hosting;
using Hotline.Server.Hosting.Telemetry;
using Hotline.Server.Identity;
using Hotline.Server.Referrals;
using Hotline.Server.Statistics;
using Hotline.Server.Telephony;
using Hotline.Server.Triage;

namespace Hotline.Server.LiveConsole;

public static class ConsoleSetup
{
    public static WebApplicationBuilder AddConsole(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<ConsoleOptions>(ConsoleOptions.Section);
        builder.Services.AddSignalR(options =>
            {
                options.MaximumReceiveMessageSize = 32 * 1024;
                options.EnableDetailedErrors = builder.Environment.IsDevelopment();
            })
            .AddJsonProtocol(options => options.PayloadSerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        builder.Services.AddBackplane();
        builder.Services.AddInstruments<ConsoleMetrics>();
        builder.Services.AddScoped<CallCards>();
        builder.Services.AddScoped<ConsolePublisher>();
        builder.Services.AddScoped<CounsellorStates>();
        builder.Services.AddScoped<PresenceService>();
        builder.Services.AddScoped<OfferService>();
        builder.Services.AddScoped<CallHandover>();
        builder.Services.AddScoped<ICounsellorRetirement, CounsellorRetirement>();
        builder.Services.AddScoped<WorkItemService>();
        builder.Services.AddScoped<CallChanges>();
        builder.Services.AddScoped<SnapshotService>();
        builder.Services.AddScoped<CallConnector>();
        builder.Services.AddScoped<WrapUpEnds>();
        // What the wallboard needs from the console, without depending on it.
        builder.Services.AddScoped<ICounsellorStateCounts, CounsellorStateCounts>();
        builder.Services.AddSingleton<IStatisticsPublisher>(services => services.GetRequiredService<ConsoleNotifiers>());
        // What Telephony needs from the console, without depending on it.
        builder.Services.AddScoped<ICounsellorPhones>(services => services.GetRequiredService<CallConnector>());
        builder.Services.AddScoped<ICallbackOutcomes>(services => services.GetRequiredService<WorkItemService>());
        // What the triage and referrals publish, without depending on the console.
        builder.Services.AddSingleton<ConsoleNotifiers>();
        builder.Services.AddSingleton<ISupervisorAlerts>(services => services.GetRequiredService<ConsoleNotifiers>());
        builder.Services.AddSingleton<IReferralNotifier>(services => services.GetRequiredService<ConsoleNotifiers>());
        builder.Services.AddSingleton<ITriageNotifier>(services => services.GetRequiredService<ConsoleNotifiers>());
        builder.Services.AddSingleton<QueueDispatcher>();
        builder.Services.AddHostedService(services => services.GetRequiredService<QueueDispatcher>());
        builder.Services.AddSingleton<ConsoleHeartbeat>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ConsoleHeartbeat>());
        return builder;
    }

    public static WebApplication MapConsole(this WebApplication app)
    {
        // Cookie-authenticated: an anonymous negotiate gets 401 from the fallback policy, never a redirect.
        app.MapHub<ConsoleHub>("/hubs/console").RequireAuthorization();
        var api = app.MapGroup("/api/console").RequireAuthorization(Policies.Counsellor).WithTags("Console").WithApiProblems();
        api.MapGet("/voice-token", VoiceTokens.Issue).WithSummary("A short-lived Twilio access token to answer calls in this browser.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/calls/{callId:guid}/take", Taking.Take).WithSummary("Take a waiting call from the queue (\"Prendre\"); 409 with code call-taken when someone else got it.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status502BadGateway);
        api.MapGet("/answering", Answering.Get).WithSummary("Where the signed-in counsellor answers calls: the browser or their phone.");
        api.MapPut("/answering", Answering.Put).WithSummary("Choose the browser or a phone number (E.164) to answer calls.");
        // The signed-in counsellor's own recent calls (scoped in the query), to complete their triage later.
        app.MapGet("/api/calls/mine", MyCalls.List).RequireAuthorization(Policies.Counsellor).WithTags("Triage").WithApiProblems()
            .WithSummary("The signed-in counsellor's recent calls and their triage progress.");
        return app;
    }
}
