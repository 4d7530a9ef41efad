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
        var group = app.MapGroup("/api/audit").RequireAuthorization(Policies.Admin);
        group.MapGet("/", AuditReview.List);
        group.MapGet("/export.csv", AuditReview.Export);
        app.MapGet("/api/calls/{id:guid}/legal-hold", LegalHold.Get).RequireAuthorization(Policies.Admin);
        app.MapPut("/api/calls/{id:guid}/legal-hold", LegalHold.Set).RequireAuthorization(Policies.Admin);
        return app;
    }
}
