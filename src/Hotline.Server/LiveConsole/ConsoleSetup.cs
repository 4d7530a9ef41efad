using Hotline.Server.Hosting;
using Hotline.Server.Identity;
using Hotline.Server.Telephony;

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
        builder.Services.AddScoped<CallCards>();
        builder.Services.AddScoped<ConsolePublisher>();
        builder.Services.AddScoped<CounsellorStates>();
        builder.Services.AddScoped<PresenceService>();
        builder.Services.AddScoped<OfferService>();
        builder.Services.AddScoped<WorkItemService>();
        builder.Services.AddScoped<CallChanges>();
        builder.Services.AddScoped<SnapshotService>();
        builder.Services.AddScoped<CallConnector>();
        // What Telephony needs from the console, without depending on it.
        builder.Services.AddScoped<ICounsellorPhones>(services => services.GetRequiredService<CallConnector>());
        builder.Services.AddScoped<ICallbackOutcomes>(services => services.GetRequiredService<WorkItemService>());
        builder.Services.AddSingleton<QueueDispatcher>();
        builder.Services.AddHostedService(services => services.GetRequiredService<QueueDispatcher>());
        builder.Services.AddHostedService<ConsoleHeartbeat>();
        builder.Services.AddSingleton<HubSessions>();
        builder.Services.AddHostedService<HubSessionSweep>();
        return builder;
    }

    public static WebApplication MapConsole(this WebApplication app)
    {
        // Cookie-authenticated: an anonymous negotiate gets 401 from the fallback policy, never a redirect.
        app.MapHub<ConsoleHub>("/hubs/console").RequireAuthorization();
        var api = app.MapGroup("/api/console").RequireAuthorization(Policies.Counsellor);
        api.MapGet("/voice-token", VoiceTokens.Issue);
        api.MapGet("/answering", Answering.Get);
        api.MapPut("/answering", Answering.Put);
        return app;
    }
}
