using Hotline.Server.Hosting;
using Hotline.Server.Identity;

namespace Hotline.Server.Compliance;

/// <summary>
/// What the line keeps and for how long: the retention job (over calls, triages, referrals and recordings),
/// legal holds, and the admins' review of the audit trail.
/// </summary>
public static class ComplianceSetup
{
    public static WebApplicationBuilder AddCompliance(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<RetentionOptions>("Retention");
        builder.Services.AddSingleton<RetentionJob>();
        builder.Services.AddHostedService(services => services.GetRequiredService<RetentionJob>());
        return builder;
    }

    public static WebApplication MapCompliance(this WebApplication app)
    {
        // The trail and the register: admins and the data protection officer (who has no access to cases).
        var group = app.MapGroup("/api/audit").RequireAuthorization(Policies.ComplianceReader).WithTags("Audit").WithApiProblems();
        group.MapGet("/", AuditReview.List).WithSummary("Audit entries matching the filters, newest first, a page at a time.");
        group.MapGet("/export.csv", AuditReview.Export).WithSummary("The audit entries matching the filters, as CSV.")
            .Produces<string>(StatusCodes.Status200OK, "text/csv");
        app.MapGet("/api/calls/{id:guid}/legal-hold", LegalHold.Get).RequireAuthorization(Policies.Admin).WithTags("Audit").WithApiProblems()
            .WithSummary("Whether a call is under legal hold, and why.");
        app.MapPut("/api/calls/{id:guid}/legal-hold", LegalHold.Set).RequireAuthorization(Policies.Admin).WithTags("Audit").WithApiProblems()
            .WithSummary("Set or release a call's legal hold (a reason is required to set it).");
        app.MapGet("/api/compliance/register", ProcessingRegister.Get).RequireAuthorization(Policies.ComplianceReader).WithTags("Audit").WithApiProblems()
            .WithSummary("The register of the processing (GDPR art. 30), generated from the configuration in force.");
        return app;
    }
}
