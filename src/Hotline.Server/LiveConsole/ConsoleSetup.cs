using Hotline.Server.Hosting;
using Hotline.Server.Identity;
using Hotline.Server.Calls;

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
        builder.Services.AddSingleton<QueueSignals>();
        builder.Services.AddScoped<CallCards>();
        builder.Services.AddScoped<ConsolePublisher>();
        builder.Services.AddScoped<ConsoleService>();
        builder.Services.AddScoped<CallConnector>();
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
        var api = app.MapGroup("/api/console").RequireAuthorization(Policies.Counsellor).WithTags("Console").WithApiProblems();
        api.MapGet("/voice-token", VoiceTokens.Issue).WithSummary("A short-lived Twilio access token to answer calls in this browser.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/answering", Answering.Get).WithSummary("Where the signed-in counsellor answers calls: the browser or their phone.");
        api.MapPut("/answering", Answering.Put).WithSummary("Choose the browser or a phone number (E.164) to answer calls.");
        return app;
    }
}
