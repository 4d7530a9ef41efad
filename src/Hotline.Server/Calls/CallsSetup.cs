namespace Hotline.Server.Calls;

public static class CallsSetup
{
    /// <summary>The call's owner: its signals (Telephony drops them, the live console reads them) and its raced transitions.</summary>
    public static WebApplicationBuilder AddCalls(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<QueueSignals>();
        builder.Services.AddScoped<CallTransitions>();
        return builder;
    }
}
