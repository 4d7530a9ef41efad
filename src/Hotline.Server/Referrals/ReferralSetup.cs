using Hotline.Server.Hosting;
using Hotline.Server.Identity;
using Microsoft.AspNetCore.Authorization;

namespace Hotline.Server.Referrals;

public static class ReferralSetup
{
    public static WebApplicationBuilder AddReferrals(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<ReferralOptions>(ReferralOptions.Section)
            .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out _), "Referrals:TimeZone is not a known time zone (e.g. Europe/Paris).");
        builder.Services.AddScoped<ReferralReader>();
        builder.Services.AddScoped<ReferralSender>();
        builder.Services.AddScoped<ReferralTransitions>();
        builder.Services.AddScoped<OverdueReferrals>();
        builder.Services.AddSingleton<IAuthorizationHandler, ReferralAuthorizationHandler>();
        builder.Services.AddScoped<IReferralDirectory, DirectoryForReferrals>();
        builder.Services.AddSingleton<ReferralEscalator>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ReferralEscalator>());
        return builder;
    }

    public static WebApplication MapReferrals(this WebApplication app)
    {
        // From a call: the counsellor who held it, or a supervisor (CallTriage resource check in the handlers).
        var call = app.MapGroup("/api/calls/{callId:guid}").RequireAuthorization(Policies.Counsellor);
        call.MapGet("/routing", ReferralEndpoints.Routing);
        call.MapPost("/referral", ReferralEndpoints.Send);

        // The inbox: coordinators, commune-cell members, supervisors (counsellors get 403); territory in the queries.
        var inbox = app.MapGroup("/api/referrals").RequireAuthorization(Policies.ReferralReader);
        inbox.MapGet("/", ReferralEndpoints.List);
        inbox.MapGet("/{id:guid}", ReferralEndpoints.Get);
        inbox.MapPost("/{id:guid}/acknowledge", ReferralEndpoints.Acknowledge);
        inbox.MapPost("/{id:guid}/follow-up", ReferralEndpoints.StartFollowUp);
        inbox.MapPost("/{id:guid}/close", ReferralEndpoints.Close);
        inbox.MapGet("/{id:guid}/redirect-choices", ReferralEndpoints.GetRedirectChoices);
        inbox.MapPost("/{id:guid}/redirect", ReferralEndpoints.Redirect);
        inbox.MapPost("/{id:guid}/notes", ReferralEndpoints.AddNote);
        return app;
    }
}
