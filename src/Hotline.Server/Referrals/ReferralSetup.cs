using Hotline.Server.Hosting;
using Hotline.Server.Hosting.Telemetry;
using Hotline.Server.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Hotline.Server.Referrals;

public static class ReferralSetup
{
    public static WebApplicationBuilder AddReferrals(this WebApplicationBuilder builder)
    {
        builder.Services.AddInstruments<OverdueReferralsGauge>();
        builder.Services.AddProblemExtension("missing", typeof(List<string>), "The triage fields a referral still needs (400, code triage-incomplete).");
        builder.Services.AddProblemExtension("state", typeof(ReferralState), "A referral's current state, on a refused transition (409).");
        builder.Services.AddValidatedOptions<ReferralOptions>(ReferralOptions.Section)
            .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out _), "Referrals:TimeZone is not a known time zone (e.g. Europe/Paris).")
            // Retired by the deadlines per kind: a deployment that still sets them would silently get other deadlines.
            .Validate<IConfiguration>((_, configuration) => configuration["Referrals:AcknowledgementWorkingDays"] is null,
                "Referrals:AcknowledgementWorkingDays is no longer read: set Referrals:Deadlines:<Kind>:AcknowledgementWorkingDays per kind of service.")
            .Validate<IConfiguration>((_, configuration) => configuration["Referrals:UrgentAcknowledgement"] is null,
                "Referrals:UrgentAcknowledgement is no longer read: set Referrals:Deadlines:<Kind>:Urgent and UrgentWithin or UrgentWorkingDays per kind of service.");
        builder.Services.AddSingleton<IValidateOptions<ReferralOptions>, ReferralOptionsValidator>();
        builder.Services.AddScoped<ReferralReader>();
        builder.Services.AddScoped<ReferralSnapshots>();
        builder.Services.AddScoped<ReferralReferences>();
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
        var call = app.MapGroup("/api/calls/{callId:guid}").RequireAuthorization(Policies.Counsellor).WithTags("Referrals").WithApiProblems();
        call.MapGet("/routing", ReferralEndpoints.Routing).WithSummary("Where the triaged call would be referred, and why, before sending.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        call.MapGet("/referral/preview", ReferralEndpoints.Preview)
            .WithSummary("Exactly what the recipient would receive if sent now (the snapshot the send would store); nothing is stored.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        call.MapPost("/referral", ReferralEndpoints.Send).WithSummary("Send the call's referral (201; 200 with the existing one when already sent).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        // Recall: the sender (a counsellor, who has no inbox) or a supervisor, while the referral is still Sent.
        app.MapPost("/api/referrals/{id:guid}/recall", ReferralEndpoints.Recall).RequireAuthorization(Policies.Counsellor)
            .WithTags("Referrals").WithApiProblems()
            .WithSummary("Recall a referral sent by mistake (its sender or a supervisor, within Referrals:RecallWindow, before acknowledgement).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        // The inbox: coordinators, commune-cell members, supervisors (counsellors get 403); territory in the queries.
        var inbox = app.MapGroup("/api/referrals").RequireAuthorization(Policies.ReferralReader).WithTags("Referrals").WithApiProblems()
            .ProducesProblem(StatusCodes.Status404NotFound);
        inbox.MapGet("/", ReferralEndpoints.List).WithSummary("The reader's inbox: counts, and the referrals matching the filters, overdue first.");
        inbox.MapGet("/{id:guid}", ReferralEndpoints.Get).WithSummary("One referral: what was sent, its history, notes and the reader's allowed actions.");
        inbox.MapPost("/{id:guid}/acknowledge", ReferralEndpoints.Acknowledge).WithSummary("Acknowledge receipt (the receiving service).")
            .ProducesProblem(StatusCodes.Status409Conflict);
        inbox.MapPost("/{id:guid}/follow-up", ReferralEndpoints.StartFollowUp).WithSummary("Start the follow-up of the family.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        inbox.MapPost("/{id:guid}/close", ReferralEndpoints.Close).WithSummary("Close the referral, with its reason (required).")
            .ProducesProblem(StatusCodes.Status409Conflict);
        inbox.MapGet("/{id:guid}/redirect-choices", ReferralEndpoints.GetRedirectChoices)
            .WithSummary("The services it may be redirected to, and the commune-cell transfer lists.");
        inbox.MapPost("/{id:guid}/redirect", ReferralEndpoints.Redirect).WithSummary("Redirect to another service, with a reason.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        inbox.MapPost("/{id:guid}/notes", ReferralEndpoints.AddNote).WithSummary("Add a note to the referral.");
        return app;
    }
}
