using Hotline.Server.Hosting.Telemetry;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Hotline.Server.Calls;

public static class CallsSetup
{
    /// <summary>The call's owner: its signals (Telephony drops them, the live console reads them) and its raced transitions.</summary>
    public static WebApplicationBuilder AddCalls(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<QueueSignals>();
        builder.Services.AddScoped<CallTransitions>();
        // Read by the DbContext's configuration (Data adds every registered EF interceptor).
        builder.Services.AddInstruments<CallWaitTimes>();
        builder.Services.AddSingleton<IInterceptor>(services => services.GetRequiredService<CallWaitTimes>());
        builder.Services.AddInstruments<CallsWaitingGauge>();
        return builder;
    }
}
