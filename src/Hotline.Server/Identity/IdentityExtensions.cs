using Hotline.Server.Data;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Hotline.Server.Identity;

public static class IdentityExtensions
{
    public const string CookieName = "hotline.auth";

    public static WebApplicationBuilder AddIdentity(this WebApplicationBuilder builder)
    {
        builder.Services
            .AddIdentityCore<HotlineUser>(options =>
            {
                options.Password.RequiredLength = 12;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.User.RequireUniqueEmail = false;
            })
            .AddRoles<HotlineRole>()
            .AddEntityFrameworkStores<HotlineDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<HotlineClaimsPrincipalFactory>()
            .AddErrorDescriber<FrenchIdentityErrorDescriber>()
            .AddDefaultTokenProviders();
        // Replaces the store registered just above (the last registration is the one resolved).
        builder.Services.AddScoped<IUserStore<HotlineUser>, ProtectedTokenUserStore>();
        builder.Services.AddScoped<IDataUpgrade, TwoFactorSecretsUpgrade>();

        builder.Services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        var secure = builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        builder.Services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = CookieName;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = secure;
            options.ExpireTimeSpan = TimeSpan.FromHours(10);
            options.SlidingExpiration = true;
            // An API and a single-page console: answer 401/403 with ProblemDetails, never redirect to a login page.
            options.Events = new CookieAuthenticationEvents
            {
                OnRedirectToLogin = context => WriteProblem(context.HttpContext, StatusCodes.Status401Unauthorized, "Connexion requise."),
                OnRedirectToAccessDenied = context => WriteProblem(context.HttpContext, StatusCodes.Status403Forbidden, "Votre compte ne permet pas cette action."),
                // Replaces Identity's 30-minute security stamp validator: sign-out everywhere takes effect at once.
                OnValidatePrincipal = SessionValidation.ValidatePrincipalAsync,
            };
        });
        // The short-lived cookie between the password and the code steps: as strict as the session's.
        builder.Services.Configure<CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme, options =>
        {
            options.Cookie.Name = "hotline.2fa";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = secure;
        });
        MfaRequirement.Register(builder.Services);
        builder.Services.AddSingleton<MfaRequirement>();

        builder.Services.AddAuthorizationBuilder()
            // Deny by default: an endpoint that says nothing needs a signed-in user.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Counsellor, policy => policy.RequireRole(Roles.Counsellor, Roles.Supervisor))
            .AddPolicy(Policies.Supervisor, policy => policy.RequireRole(Roles.Supervisor))
            .AddPolicy(Policies.Coordinator, policy => policy.RequireRole(Roles.Coordinator))
            .AddPolicy(Policies.ReferralReader, policy => policy.RequireRole(Roles.Coordinator, Roles.CommuneCell, Roles.Supervisor))
            .AddPolicy(Policies.Admin, policy => policy.RequireRole(Roles.Admin))
            .AddPolicy(Policies.ComplianceReader, policy => policy.RequireRole(Roles.Admin, Roles.DataProtectionOfficer))
            .AddPolicy(Policies.DirectoryReader, policy => policy.RequireRole(Roles.Counsellor, Roles.Supervisor, Roles.Coordinator, Roles.Admin));

        builder.AddAntiforgeryProtection();

        if (builder.Environment.IsDevelopment())
        {
            builder.Services.AddOptions<DemoOptions>()
                .BindConfiguration("Demo")
                .Validate<IOptions<IdentityOptions>>(
                    (demo, identity) => !string.IsNullOrWhiteSpace(demo.Password)
                        && demo.Password.Length >= identity.Value.Password.RequiredLength,
                    "Demo:Password is required in Development (env Demo__Password), at least 12 characters "
                    + "with an upper-case letter, a lower-case letter and a digit: it is the password of the demo accounts.")
                .ValidateOnStart();
            builder.Services.AddScoped<DemoAccounts>();
        }

        // Hub connections outlive the request that authenticated them: revocations reach them here.
        builder.Services.AddSingleton<HubSessions>();
        builder.Services.AddSingleton<DummyPassword>();
        builder.Services.AddHostedService<HubSessionSweep>();
        return builder;
    }

    public static WebApplication UseIdentity(this WebApplication app)
    {
        app.UseHubOriginCheck();
        app.UseAuthentication();
        app.UseAccountGates();
        app.UseAntiforgeryProtection();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }

    public static WebApplication MapIdentity(this WebApplication app)
    {
        AuthEndpoints.Map(app.MapGroup("/api/auth"));
        AccountEndpoints.Map(app.MapGroup("/api/account"));
        UserAdminEndpoints.Map(app.MapGroup("/api/admin/users"));
        return app;
    }

    private static Task WriteProblem(HttpContext context, int status, string title)
    {
        context.Response.StatusCode = status;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title },
        }).AsTask();
    }
}
