using Hotline.Server.Geography;
using Hotline.Server.Hosting;
using Hotline.Server.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Hotline.Server.Triage;

public static class TriageSetup
{
    public static WebApplicationBuilder AddTriage(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<TriageOptions>().BindConfiguration(TriageOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<TriageOptions>, TriageOptionsValidator>();
        builder.Services.AddSingleton<IAuthorizationHandler, CallTriageHandler>();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(CallTriageRequirement.Policy, policy => policy.AddRequirements(new CallTriageRequirement()));
        builder.Services.AddScoped<TriageService>();
        builder.Services.AddScoped<CommuneSearch>();
        builder.Services.AddScoped<DangerAlerts>();
        builder.Services.AddProblemExtension("currentTriage", typeof(TriageView), "The triage as saved now, on a stale save (409, code triage-stale).");
        builder.Services.AddProblemExtension("revision", typeof(int), "The current revision, on a stale save (409, code triage-stale).");
        builder.Services.AddProblemExtension("differences", typeof(List<string>), "The fields whose value in the stale save is not the current one (409, code triage-stale).");
        builder.Services.AddProblemExtension("takenInChargeBy", typeof(string), "Who took the danger alert in charge, on a second take-charge (409, code danger-alert-already-taken).");
        builder.Services.AddProblemExtension("takenInChargeAt", typeof(DateTimeOffset), "When the danger alert was taken in charge (409, code danger-alert-already-taken).");
        return builder;
    }

    public static WebApplication MapTriage(this WebApplication app)
    {
        // Counsellors and supervisors only; which call a counsellor may touch is the CallTriage resource check.
        var call = app.MapGroup("/api/calls/{callId:guid}").RequireAuthorization(Policies.Counsellor).WithTags("Triage").WithApiProblems();
        call.MapGet("/triage", TriageEndpoints.Get).WithSummary("A call's triage form (a draft prefilled from the call before the first save).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        call.MapPut("/triage", TriageEndpoints.Put).WithSummary("Save every valid field of a call's triage; refused fields keep their value and are listed in problems.")
            .WithDescription("The body's revision is the one the save started from: when another save came in between, nothing is saved and the "
                + "answer is 409 with code triage-stale, currentTriage, revision and differences (the fields whose value differs), to merge and save again.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        // Labels of signs and levels: the inbox (coordinators, commune cells) shows them too. Not personal data.
        app.MapGet("/api/triage/taxonomy", TriageEndpoints.Taxonomy).RequireAuthorization().WithTags("Triage").WithApiProblems()
            .WithSummary("The current warning signs and urgency levels, with their labels by language.");
        // The triage's "autre commune" search by name (reference data, but only the line's counsellors need it).
        app.MapGet("/api/geography/communes", TriageEndpoints.Communes).RequireAuthorization(Policies.Counsellor).WithTags("Triage").WithApiProblems()
            .WithSummary("Communes whose name matches q (accents, hyphens and case ignored; st = saint), at most 20, each with its département.");
        // An immediate danger stays on every supervisor's banner until one of them takes it in charge.
        app.MapPost("/api/danger-alerts/{alertId:guid}/take-charge", DangerAlertEndpoints.TakeCharge).RequireAuthorization(Policies.Supervisor)
            .WithTags("Triage").WithApiProblems()
            .WithSummary("« J’ai pris en charge » : the immediate-danger alert leaves every supervisor's banner (who and when are recorded and audited).")
            .WithDescription("A second take-charge answers 409 with code danger-alert-already-taken, takenInChargeBy and takenInChargeAt; an unknown alert 404 (danger-alert-not-found).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }
}
