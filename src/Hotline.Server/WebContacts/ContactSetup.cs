using System.Threading.RateLimiting;
using Hotline.Server.Hosting;
using Hotline.Server.Identity;
using Microsoft.Extensions.Options;

namespace Hotline.Server.WebContacts;

/// <summary>The public contact channel: the page, the anonymous endpoint and its abuse controls, the console's reading of messages.</summary>
public static class ContactSetup
{
    public const string RateLimitPolicy = "contact";

    public static WebApplicationBuilder AddContact(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<ContactOptions>(ContactOptions.Section);
        builder.Services.AddScoped<ContactIntake>();
        builder.Services.AddSingleton<ContactFlood>();
        // Per sending address (the global limit is ContactFlood): a family writes once or twice, a robot many times.
        builder.Services.AddRateLimiter(limiter => limiter.AddPolicy(RateLimitPolicy, context =>
        {
            var options = context.RequestServices.GetRequiredService<IOptions<ContactOptions>>().Value;
            return RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = options.PerAddressPerHour, Window = TimeSpan.FromHours(1), QueueLimit = 0 });
        }));
        return builder;
    }

    public static WebApplication MapContact(this WebApplication app)
    {
        app.MapGet("/contact", (ContactIntake intake) => ContactPage.Render(ContactPageText.French, intake.NewFormToken())).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/contact/en", (ContactIntake intake) => ContactPage.Render(ContactPageText.English, intake.NewFormToken())).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/contact/contact.js", () => Results.Text(ContactAssets.Script, "text/javascript; charset=utf-8")).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/contact/contact.css", () => Results.Text(ContactAssets.Style, "text/css; charset=utf-8")).AllowAnonymous().ExcludeFromDescription();

        app.MapPost("/api/public/contact", ContactEndpoints.Submit)
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicy)
            .Accepts<ContactRequest>("application/json")
            .WithTags("Contact").WithApiProblems();

        var items = app.MapGroup("/api/contact").WithTags("Contact");
        items.MapGet("/items/{callId:guid}", ContactEndpoints.Read).RequireAuthorization(Policies.Counsellor).WithApiProblems();
        items.MapGet("/held", ContactEndpoints.Held).RequireAuthorization(Policies.Supervisor).WithApiProblems();
        items.MapPost("/held/{callId:guid}/release", ContactEndpoints.Release).RequireAuthorization(Policies.Supervisor).WithApiProblems();
        return app;
    }
}
