using Hotline.Server.Geography;
using Hotline.Server.Hosting;
using Hotline.Server.Hosting.Telemetry;
using Hotline.Server.Telephony.TwilioRest;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Hotline.Server.Telephony;

public static class TelephonyExtensions
{
    public static WebApplicationBuilder AddTelephony(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<TwilioOptions>(TwilioOptions.Section);
        builder.Services.AddValidatedOptions<TelephonyOptions>(TelephonyOptions.Section);
        builder.Services.AddValidatedOptions<PrivacyOptions>("Privacy");
        builder.Services.AddTwilioRest();
        builder.Services.AddSingleton<IValidateOptions<TelephonyOptions>, OpeningHoursValidator>();
        builder.Services.AddSingleton<IValidateOptions<TwilioOptions>, VoiceSettingsValidator>();

        builder.Services.AddGeography();
        builder.Services.AddSingleton(services => new OpeningHours(services.GetRequiredService<IOptions<TelephonyOptions>>().Value.Hours));
        builder.Services.AddSingleton(services => Prompts.For(services.GetRequiredService<IOptions<TelephonyOptions>>().Value.Language));
        builder.Services.AddSingleton<CallerNumbers>();
        builder.Services.AddSingleton<OutageJournal>();
        builder.Services.AddInstruments<TelephonyMetrics>();
        builder.Services.AddSingleton<IvrTwiml>();
        builder.Services.AddScoped<CallRecords>();
        builder.Services.AddScoped<JournalReplay>();
        builder.Services.AddScoped<IvrSteps>();
        builder.Services.AddScoped<QueueWait>();
        builder.Services.AddScoped<Bridging>();
        builder.Services.AddScoped<MessageSteps>();
        builder.Services.AddScoped<StatusCallbacks>();
        builder.Services.AddSingleton<WebhookAdmission>();
        builder.Services.AddSingleton<RefusedWebhookLog>();
        builder.Services.AddHostedService(services => services.GetRequiredService<RefusedWebhookLog>());
        builder.Services.AddSingleton<OutageJournalReconciler>();
        builder.Services.AddHostedService(services => services.GetRequiredService<OutageJournalReconciler>());
        builder.Services.AddHealthChecks().AddCheck<OutageJournalCheck>("outage-journal", tags: [HealthEndpoints.ReadyTag]);
        return builder;
    }

    public static WebApplication MapTelephony(this WebApplication app)
    {
        var group = app.MapGroup("/telephony/twilio")
            .AllowAnonymous()
            .ValidateTwilioSignature()
            .DisableAntiforgery()
            // Twilio's forms are small; anything bigger is not Twilio.
            .WithMetadata(new RequestSizeLimitAttribute(64 * 1024))
            .WithFormOptions(valueCountLimit: 200, valueLengthLimit: 16 * 1024, keyLengthLimit: 256)
            .AddEndpointFilter(TelephonyMetrics.TimeWebhook);
        TelephonyEndpoints.Map(group);
        return app;
    }

    private sealed class VoiceSettingsValidator : IValidateOptions<TwilioOptions>
    {
        public ValidateOptionsResult Validate(string? name, TwilioOptions options)
        {
            var given = new[] { options.ApiKeySid, options.ApiKeySecret, options.TwimlAppSid }.Count(v => !string.IsNullOrEmpty(v));
            return given is 0 or 3
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail("Twilio:ApiKeySid, Twilio:ApiKeySecret and Twilio:TwimlAppSid go together: set all three for in-browser answering, or none.");
        }
    }

    private sealed class OpeningHoursValidator : IValidateOptions<TelephonyOptions>
    {
        public ValidateOptionsResult Validate(string? name, TelephonyOptions options)
        {
            var errors = OpeningHours.Validate(options.Hours);
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
