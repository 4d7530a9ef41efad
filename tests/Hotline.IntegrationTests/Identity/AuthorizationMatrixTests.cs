// Long file: the authorization matrix is one table of every endpoint and role, read as a whole.
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Hotline.IntegrationTests.Referrals;
using Hotline.IntegrationTests.Telephony;
using Hotline.IntegrationTests.Triage;
using Hotline.Server.Audit;
using Hotline.Server.ServiceDirectory;
using Hotline.Server.Geography;
using Hotline.Server.Referrals;
using Hotline.Server.Triage;
using Hotline.Testing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Hotline.Server.Compliance;

namespace Hotline.IntegrationTests.Identity;

/// <summary>Inside or outside the signed-in user's territory (for calls: held by counsellor1, or by counsellor2).</summary>
public enum Territory
{
    Inside,
    Outside,
}

/// <summary>
/// The app of the matrix: sessions are signed in once per user and reused (signing in for each of the hundreds
/// of cases would be slow and trip the login rate limit); cases that change a resource get a fresh one.
/// </summary>
public sealed class MatrixApp : ReferralApp
{
    private readonly ConcurrentDictionary<string, Lazy<Task<HttpClient>>> _sessions = new();
    private readonly Lazy<Task<Guid>> _bouchesDuRhoneCell;
    private int _communeIndex;

    public MatrixApp()
    {
        Settings["RateLimits:LoginPerMinutePerAddress"] = "1000";
        _bouchesDuRhoneCell = new(async () =>
        {
            var supervisor = await SessionAsync("supervisor1");
            using var response = await supervisor.PostAsJsonAsync("/api/directory/routing",
                new RoutingQuery(RoutingIntent.ReferToDepartementalCell, null, "13", null), TriageHelpers.Json);
            return (await response.ReadAsync<RoutingDecision>()).Service!.Id;
        });
    }

    public Task<HttpClient> SessionAsync(string userName) =>
        _sessions.GetOrAdd(userName, name => new Lazy<Task<HttpClient>>(() => SignInAsync(name))).Value;

    /// <summary>The departmental cell of Bouches-du-Rhône: a target for redirections, a service to read.</summary>
    public Task<Guid> BouchesDuRhoneCellAsync() => _bouchesDuRhoneCell.Value;

    /// <summary>A call held by counsellor1 (inside) or counsellor2 (outside), triaged for its commune cell in 13.</summary>
    public async Task<Guid> TriagedCallAsync(Territory territory)
    {
        var holder = territory == Territory.Inside ? "counsellor1" : "counsellor2";
        var callId = await this.CallHeldByAsync(holder);
        using var saved = await (await SessionAsync(holder)).PutTriageAsync(callId, TriageHelpers.Request(TriageOutcome.ReferToCommuneCell));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        return callId;
    }

    /// <summary>
    /// Inside: a referral to the CMER of Tarascon (13), which coordinator13 oversees and cmer-tarascon handles.
    /// Outside: a referral to the departmental cell of Vaucluse (84), which neither may know exists.
    /// </summary>
    public async Task<Guid> ReferralAsync(Territory territory, params string[] movesBySupervisor)
    {
        var counsellor = await SessionAsync("counsellor1");
        var receipt = territory == Territory.Inside
            ? await this.NewReferralAsync(counsellor, "13108", TriageOutcome.ReferToCommuneCell)
            : await this.NewReferralAsync(counsellor, "84007");
        var supervisor = await SessionAsync("supervisor1");
        foreach (var move in movesBySupervisor)
        {
            using var moved = await supervisor.ActAsync(receipt.Referral.Id, move);
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        }

        return receipt.Referral.Id;
    }

    /// <summary>An immediate danger recorded on a fresh call of counsellor1's: the open alert it raised.</summary>
    public async Task<Guid> DangerAlertAsync()
    {
        var callId = await this.CallHeldByAsync("counsellor1", "13150");
        using var saved = await (await SessionAsync("counsellor1")).PutTriageAsync(callId,
            TriageHelpers.Request(urgency: "immediate-danger", emergency: EmergencyServicesConfirmation.LineContacted));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        await using var scope = Scope();
        return await scope.ServiceProvider.GetRequiredService<Hotline.Server.Data.HotlineDbContext>().DangerAlerts
            .Where(a => a.CallId == callId).Select(a => a.Id).SingleAsync();
    }

    /// <summary>A commune cell for a commune no other test uses, created by the admin.</summary>
    public async Task<Guid> NewCommuneCellAsync()
    {
        var commune = NextCommune();
        using var created = await (await SessionAsync("admin")).PostAsJsonAsync("/api/directory/services", CommuneCell(commune), TriageHelpers.Json);
        return (await created.ReadAsync<ServiceDto>()).Id;
    }

    /// <summary>A commune of the Ain (01), where no seeded or demo cell is, never the same twice.</summary>
    public string NextCommune()
    {
        var ain = Services.GetRequiredService<GeographyCatalog>().Communes.Where(c => c.DepartementCode == "01").ToList();
        return ain[Interlocked.Increment(ref _communeIndex)].Code;
    }

    public static ServiceRequest CommuneCell(string commune) =>
        new($"Mairie ({commune})", $"Cellule municipale {commune}", ServiceKind.CommuneCell, Communes: [commune]);
}

/// <summary>
/// Every endpoint of the running app, as every role, on a resource inside and outside the user's territory.
/// A new endpoint without a row here fails <see cref="Every_endpoint_has_a_row_in_the_matrix"/>.
/// </summary>
public sealed class AuthorizationMatrixTests(MatrixApp app) : IClassFixture<MatrixApp>
{
    /// <summary>The matrix's columns, in this order in every row.</summary>
    private static readonly string[] Users = ["anonymous", "counsellor1", "supervisor1", "coordinator13", "cmer-tarascon", "admin", "dpo"];

    private const string Anyone = "200 200 200 200 200 200";
    private const string SignedIn = "401 200 200 200 200 200";
    private const string CallWorkers = "401 200 200 403 403 403";
    private const string DirectoryReaders = "401 200 200 200 403 200";
    private const string AdminOnly = "401 403 403 403 403 200";
    /// <summary>The audit trail and the register of the processing: admins and the data protection officer.</summary>
    private const string ComplianceReaders = "401 403 403 403 403 200 200";
    private const string UnknownPath = "401 404 404 404 404 404";

    private delegate Task<HttpRequestMessage> RequestFactory(MatrixApp app, Territory territory);

    /// <param name="Outside">The statuses outside the territory, when they differ (null: the same as inside).</param>
    /// <param name="FreshSession">Each case signs in anew (the request ends the session).</param>
    private sealed record Row(string Method, string Route, string Inside, RequestFactory Request, string? Outside = null, bool FreshSession = false)
    {
        public string Key => $"{Method} {Route}";
    }

    /// <summary>Endpoints that have their own tests instead of a row, and why.</summary>
    private static readonly Dictionary<string, string> CoveredElsewhere = new()
    {
        ["POST /api/auth/login"] = "anonymous by design; AuthenticationTests (success, failure, lockout, rate limit)",
        ["ANY /hubs/console"] = "the hub's transport; the negotiate row and ConsoleHubTests (groups from claims) cover it",
        ["POST /api/auth/login/two-factor"] = "anonymous by design (the password step's cookie); TwoFactorTests (codes, recovery codes, lock-out)",
        ["POST /api/public/contact"] = "anonymous by design (families write without an account), rate-limited per address: ContactTests, PerAddressLimitTests, GlobalLimitTests",
        ["GET /api/account/mfa/qr.svg"] = "the user's own enrolment QR code, 404 unless enrolling (so it depends on the setup row's order); TwoFactorTests",
    };

    private static readonly Row[] Rows =
    [
        // ---- Identity
        new("GET", "/api/auth/me", SignedIn, Get("/api/auth/me")),
        new("GET", "/api/auth/antiforgery", SignedIn, Get("/api/auth/antiforgery")),
        new("POST", "/api/auth/logout", "401 204 204 204 204 204", Post("/api/auth/logout"), FreshSession: true),
        new("ANY", "/hubs/console/negotiate", SignedIn, Post("/hubs/console/negotiate?negotiateVersion=1")),

        // ---- Accounts: everyone's own account; user administration for admins only (on a fresh user per case)
        new("GET", "/api/account/", SignedIn, Get("/api/account")),
        new("POST", "/api/account/mfa/setup", SignedIn, Post("/api/account/mfa/setup")),
        new("POST", "/api/account/mfa/enable", "401 400 400 400 400 400", Post("/api/account/mfa/enable", new { code = "not a code" })),
        new("POST", "/api/account/mfa/disable", "401 409 409 409 409 409", Post("/api/account/mfa/disable", new { code = "000000" })),
        new("POST", "/api/account/mfa/recovery-codes", "401 409 409 409 409 409", Post("/api/account/mfa/recovery-codes", new { code = "000000" })),
        new("POST", "/api/account/password", "401 400 400 400 400 400",
            Post("/api/account/password", new { currentPassword = "Not-the-password-1", newPassword = "Another-Password-2026" })),
        new("GET", "/api/admin/users/", AdminOnly, Get("/api/admin/users")),
        new("GET", "/api/admin/users/{id:guid}", AdminOnly, OnNewUser(id => GetMessage($"/api/admin/users/{id}"))),
        new("POST", "/api/admin/users/", "401 403 403 403 403 201", (_, _) => Task.FromResult(PostMessage("/api/admin/users",
            new { userName = $"matrix-{Guid.NewGuid():N}"[..20], displayName = "Matrix", roles = new[] { Hotline.Server.Identity.Roles.Counsellor } }))),
        new("PUT", "/api/admin/users/{id:guid}", AdminOnly, OnNewUser(id => PutMessage($"/api/admin/users/{id}",
            new { displayName = "Matrix", roles = new[] { Hotline.Server.Identity.Roles.Supervisor } }))),
        new("POST", "/api/admin/users/{id:guid}/lock", "401 403 403 403 403 204", OnNewUser(id => PostMessage($"/api/admin/users/{id}/lock"))),
        new("POST", "/api/admin/users/{id:guid}/unlock", "401 403 403 403 403 204", OnNewUser(id => PostMessage($"/api/admin/users/{id}/unlock"))),
        new("POST", "/api/admin/users/{id:guid}/mfa/reset", "401 403 403 403 403 204", OnNewUser(id => PostMessage($"/api/admin/users/{id}/mfa/reset"))),
        new("POST", "/api/admin/users/{id:guid}/password", AdminOnly, OnNewUser(id => PostMessage($"/api/admin/users/{id}/password"))),

        // ---- Health, the console's page, unknown paths (404 signed in; signed out, nothing is revealed)
        new("ANY", "/health/live", Anyone, Get("/health/live")),
        new("ANY", "/health/ready", Anyone, Get("/health/ready")),
        // Metrics live on the management port only: the public port answers 404 to everyone (MetricsTests).
        new("ANY", "/metrics/{**rest}", "404 404 404 404 404 404", Get("/metrics")),
        new("GET", "/{*path:nonfile}", Anyone, Get("/referrals")),
        new("HEAD", "/{*path:nonfile}", Anyone, (_, _) => Task.FromResult(new HttpRequestMessage(HttpMethod.Head, "/referrals"))),
        new("ANY", "/api/{**path}", UnknownPath, Get("/api/nothing-here")),
        new("ANY", "/hubs/{**path}", UnknownPath, Get("/hubs/nothing-here")),
        new("ANY", "/health/{**path}", UnknownPath, Get("/health/nothing-here")),
        new("ANY", "/telephony/{**path}", UnknownPath, Get("/telephony/nothing-here")),
        // The OpenAPI document: anyone in Development (this app); signed-in users of any role elsewhere (ApiDocumentTests).
        new("GET", "/openapi/{documentName}.json", Anyone, Get("/openapi/v1.json")),

        // ---- Console (counsellors and supervisors)
        new("GET", "/api/console/voice-token", "401 404 404 403 403 403", Get("/api/console/voice-token")),
        // A supervisor who does not answer calls has no answering setting.
        new("GET", "/api/console/answering", "401 200 404 403 403 403", Get("/api/console/answering")),
        new("PUT", "/api/console/answering", "401 204 404 403 403 403", Put("/api/console/answering", new { mode = "Browser" })),
        // "Prendre": counsellors only (a supervisor who does not answer calls is refused by the handler); a call that is
        // not waiting is 409 (single assignment and races: TakeTests).
        new("POST", "/api/console/calls/{callId:guid}/take", "401 409 403 403 403 403", Post($"/api/console/calls/{Guid.NewGuid()}/take")),

        // ---- Triage: the counsellor who held the call, or a supervisor
        new("GET", "/api/triage/taxonomy", SignedIn, Get("/api/triage/taxonomy")),
        // Each sees only the calls they held (scoped in the query: MyCallsTests).
        new("GET", "/api/calls/mine", CallWorkers, Get("/api/calls/mine?pending=true")),
        new("GET", "/api/calls/{callId:guid}/triage", CallWorkers, OnCall((id, _) => GetMessage($"/api/calls/{id}/triage")), Outside: "401 403 200 403 403 403"),
        new("PUT", "/api/calls/{callId:guid}/triage", CallWorkers, OnCall((id, _) => PutMessage($"/api/calls/{id}/triage", TriageHelpers.Request(TriageOutcome.AdviceGiven))),
            Outside: "401 403 200 403 403 403"),
        new("GET", "/api/calls/{callId:guid}/routing", CallWorkers, OnCall((id, _) => GetMessage($"/api/calls/{id}/routing")), Outside: "401 403 200 403 403 403"),
        new("POST", "/api/calls/{callId:guid}/referral", "401 201 201 403 403 403", OnCall(SendReferral), Outside: "401 403 201 403 403 403"),
        new("GET", "/api/calls/{callId:guid}/referral/preview", CallWorkers, OnCall(PreviewReferral), Outside: "401 403 200 403 403 403"),
        // "J'ai pris en charge" an immediate-danger banner: supervisors only (a fresh alert per case).
        new("POST", "/api/danger-alerts/{alertId:guid}/take-charge", "401 403 200 403 403 403 403",
            async (app, _) => PostMessage($"/api/danger-alerts/{await app.DangerAlertAsync()}/take-charge")),
        new("GET", "/api/geography/communes", CallWorkers, Get("/api/geography/communes?q=tarascon")),
        // The sender (counsellor1 here, whatever the territory) or a supervisor; another counsellor gets 404 (RecallTests).
        new("POST", "/api/referrals/{id:guid}/recall", CallWorkers, OnReferral((id, _) => PostMessage($"/api/referrals/{id}/recall", new RecallRequest("Envoyée par erreur")))),

        // ---- Referrals: coordinators, commune cells and supervisors, within their territory (404 outside: existence never leaks)
        new("GET", "/api/referrals/", "401 403 200 200 200 403", Get("/api/referrals")),
        new("GET", "/api/referrals/{id:guid}", "401 403 200 200 200 403", OnReferral((id, _) => GetMessage($"/api/referrals/{id}")), Outside: "401 403 200 404 404 403"),
        // coordinator13 oversees the CMER's referral: it may redirect it and add notes, not act for the cell.
        new("POST", "/api/referrals/{id:guid}/acknowledge", "401 403 200 403 200 403", OnReferral((id, _) => PostMessage($"/api/referrals/{id}/acknowledge")),
            Outside: "401 403 200 404 404 403"),
        new("POST", "/api/referrals/{id:guid}/follow-up", "401 403 200 403 200 403", OnReferral((id, _) => PostMessage($"/api/referrals/{id}/follow-up"), "acknowledge"),
            Outside: "401 403 200 404 404 403"),
        new("POST", "/api/referrals/{id:guid}/close", "401 403 200 403 200 403", OnReferral((id, _) => PostMessage($"/api/referrals/{id}/close", new CloseRequest(ClosingReason.AccompanimentFinished)), "acknowledge", "follow-up"),
            Outside: "401 403 200 404 404 403"),
        new("GET", "/api/referrals/{id:guid}/redirect-choices", "401 403 200 200 200 403", OnReferral((id, _) => GetMessage($"/api/referrals/{id}/redirect-choices")),
            Outside: "401 403 200 404 404 403"),
        new("POST", "/api/referrals/{id:guid}/redirect", "401 403 200 200 200 403", OnReferral(Redirect), Outside: "401 403 200 404 404 403"),
        new("POST", "/api/referrals/{id:guid}/notes", "401 403 200 200 200 403", OnReferral((id, _) => PostMessage($"/api/referrals/{id}/notes", new NoteRequest("Famille rappelée, rendez-vous fixé."))),
            Outside: "401 403 200 404 404 403"),

        // ---- Web contact: the public page for anyone; a message for the counsellor holding it (404 here: none), held ones for supervisors
        new("GET", "/contact", Anyone, Get("/contact")),
        new("GET", "/contact/en", Anyone, Get("/contact/en")),
        new("GET", "/contact/contact.js", Anyone, Get("/contact/contact.js")),
        new("GET", "/contact/contact.css", Anyone, Get("/contact/contact.css")),
        new("GET", "/api/contact/items/{callId:guid}", "401 404 404 403 403 403", Get($"/api/contact/items/{Guid.Empty}")),
        new("GET", "/api/contact/held", "401 403 200 403 403 403", Get("/api/contact/held")),
        new("POST", "/api/contact/held/{callId:guid}/release", "401 403 404 403 403 403", Post($"/api/contact/held/{Guid.Empty}/release")),

        // ---- Directory: readers (not commune cells, which only receive), admin for changes
        new("GET", "/api/directory/services", DirectoryReaders, Get("/api/directory/services")),
        new("GET", "/api/directory/services/{id:guid}", DirectoryReaders, async (app, _) => GetMessage($"/api/directory/services/{await app.BouchesDuRhoneCellAsync()}")),
        new("POST", "/api/directory/routing", DirectoryReaders, Post("/api/directory/routing", new RoutingQuery(RoutingIntent.ReferToCommuneCell, "13108", null, null))),
        new("GET", "/api/directory/commune-cell-transfer", DirectoryReaders, Get("/api/directory/commune-cell-transfer")),
        new("GET", "/api/directory/transfers", DirectoryReaders, Get("/api/directory/transfers")),
        new("POST", "/api/directory/services", "401 403 403 403 403 201", (app, _) => Task.FromResult(PostMessage("/api/directory/services", MatrixApp.CommuneCell(app.NextCommune())))),
        new("PUT", "/api/directory/services/{id:guid}", AdminOnly, async (app, _) =>
        {
            var id = await app.NewCommuneCellAsync();
            return PutMessage($"/api/directory/services/{id}", MatrixApp.CommuneCell(app.NextCommune()) with { Description = "Permanence le mardi" });
        }),
        new("POST", "/api/directory/services/{id:guid}/deactivate", AdminOnly, async (app, _) => PostMessage($"/api/directory/services/{await app.NewCommuneCellAsync()}/deactivate")),
        new("GET", "/api/directory/services/export.csv", AdminOnly, Get("/api/directory/services/export.csv")),
        new("POST", "/api/directory/services/import", AdminOnly, (_, _) => Task.FromResult(new HttpRequestMessage(HttpMethod.Post, "/api/directory/services/import?dryRun=true")
        {
            Content = new StringContent(
                "id,organization,name,kind,status,departements,communes\n,Mairie (01019),Cellule municipale 01019,CommuneCell,Active,,01019\n",
                Encoding.UTF8, "text/csv"),
        })),

        // ---- Statistics: the wallboard for supervisors and admins; reports also for coordinators, in their territory only
        // (403 with a code outside it: ReportTests); every other role 403 with a code.
        new("GET", "/api/statistics/live", "401 403 200 403 403 200 403", Get("/api/statistics/live")),
        new("GET", "/api/statistics/report", "401 403 200 200 403 200 403", StatisticsReport("/api/statistics/report"), Outside: "401 403 200 403 403 200 403"),
        new("GET", "/api/statistics/report.csv", "401 403 200 200 403 200 403", StatisticsReport("/api/statistics/report.csv"),
            Outside: "401 403 200 403 403 200 403"),

        // ---- Audit and the register of the processing: admins and the DPO; legal hold: admin only
        new("GET", "/api/audit/", ComplianceReaders, Get("/api/audit")),
        new("GET", "/api/audit/export.csv", ComplianceReaders, Get("/api/audit/export.csv")),
        new("GET", "/api/compliance/register", ComplianceReaders, Get("/api/compliance/register")),
        new("GET", "/api/calls/{id:guid}/legal-hold", AdminOnly, OnCall((id, _) => GetMessage($"/api/calls/{id}/legal-hold"))),
        new("PUT", "/api/calls/{id:guid}/legal-hold", "401 403 403 403 403 204",
            OnCall((id, _) => PutMessage($"/api/calls/{id}/legal-hold", new LegalHoldRequest(true, "Réquisition judiciaire")))),
    ];

    public static TheoryData<string, Territory> Cases()
    {
        var data = new TheoryData<string, Territory>();
        foreach (var row in Rows)
        {
            data.Add(row.Key, Territory.Inside);
            if (row.Outside is not null)
            {
                data.Add(row.Key, Territory.Outside);
            }
        }

        return data;
    }

    /// <summary>
    /// A row's statuses, one per user. The data protection officer's column, when a row does not state it: what every
    /// signed-in role gets when they all agree (their own account, health, unknown paths), otherwise 403 — the DPO has
    /// no role on calls, triage, referrals, contacts, the directory or accounts.
    /// </summary>
    private static string[] Expected(string statuses)
    {
        var columns = statuses.Split(' ');
        if (columns.Length == Users.Length - 1)
        {
            var signedIn = columns.Skip(1).Distinct().ToList();
            columns = [.. columns, signedIn.Count == 1 ? signedIn[0] : "403"];
        }

        return columns;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_role_gets_the_expected_status(string endpoint, Territory territory)
    {
        var row = Rows.Single(r => r.Key == endpoint);
        var expected = Expected(territory == Territory.Inside ? row.Inside : row.Outside!);
        Assert.Equal(Users.Length, expected.Length);

        var failures = new List<string>();
        for (var column = 0; column < Users.Length; column++)
        {
            var user = Users[column];
            using var request = await row.Request(app, territory);
            var client = user == "anonymous" ? app.CreateApiClient() : row.FreshSession ? await app.SignInAsync(user) : await app.SessionAsync(user);
            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            if (user == "anonymous" || row.FreshSession)
            {
                client.Dispose();
            }

            if (((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture) != expected[column])
            {
                failures.Add($"{user}: expected {expected[column]}, got {(int)response.StatusCode} {await Body(response)}");
            }
        }

        Assert.True(failures.Count == 0, $"{endpoint} ({territory}):\n" + string.Join('\n', failures));
    }

    /// <summary>
    /// Every row again, as a counsellor whose password an admin set: every API and the hub answer 403
    /// <c>password-change-required</c>, except sign-in (<c>/api/auth</c>) and the password change, which answer as
    /// for any counsellor; so do the paths that are not APIs (health, the console's page).
    /// </summary>
    [Fact]
    public async Task A_user_with_a_temporary_password_reaches_only_sign_in_and_the_password_change()
    {
        var user = await (await app.SessionAsync("admin")).CreateUserAsync(Hotline.Server.Identity.Roles.Counsellor);
        using var session = await app.SignInAsync(user.UserName, user.Password);
        var failures = new List<string>();
        foreach (var row in Rows)
        {
            using var request = await row.Request(app, Territory.Inside);
            var path = request.RequestUri!.OriginalString;
            var gated = (path.StartsWith("/api/", StringComparison.Ordinal) || path.StartsWith("/hubs/", StringComparison.Ordinal))
                && !path.StartsWith("/api/auth/", StringComparison.Ordinal)
                && !path.StartsWith("/api/account/password", StringComparison.Ordinal);
            var client = row.FreshSession ? await app.SignInAsync(user.UserName, user.Password) : session;
            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            if (row.FreshSession)
            {
                client.Dispose();
            }

            var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (gated)
            {
                var code = response.Content.Headers.ContentType?.MediaType == "application/problem+json" ? await response.ProblemCodeAsync() : null;
                if (status != "403" || code != Hotline.Server.Identity.SessionValidation.PasswordChangeRequiredCode)
                {
                    failures.Add($"{row.Key}: expected 403 password-change-required, got {status} {await Body(response)}");
                }
            }
            else if (status != row.Inside.Split(' ')[Array.IndexOf(Users, "counsellor1")])
            {
                failures.Add($"{row.Key}: expected as counsellor1, got {status} {await Body(response)}");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    /// <summary>
    /// Every row again with a copy of a cookie taken before its session signed out: it is anonymous everywhere
    /// (the session is revoked on the server, not only deleted from the browser).
    /// </summary>
    [Fact]
    public async Task A_cookie_of_a_signed_out_session_is_anonymous_on_every_row()
    {
        var cookie = await app.SignInCookieAsync("counsellor2");
        await SignOutAsync(cookie);

        using var replayed = CookieClient(cookie);
        var failures = await AsAnonymousAsync(replayed);

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    /// <summary>
    /// Every row again after an admin made a counsellor a coordinator of 13: the cookie from before the change is
    /// anonymous everywhere; a new sign-in answers as coordinator13 does.
    /// </summary>
    [Fact]
    public async Task After_a_role_change_the_old_cookie_is_anonymous_and_a_new_session_has_the_new_roles_rights()
    {
        var admin = await app.SessionAsync("admin");
        var user = await app.CreateReadyUserAsync(admin, Hotline.Server.Identity.Roles.Counsellor);
        var cookie = await app.SignInCookieAsync(user.UserName, user.Password);
        using (var update = await admin.PutAsJsonAsync($"/api/admin/users/{user.Id}", new
        {
            displayName = "Matrix coordinator",
            roles = new[] { Hotline.Server.Identity.Roles.Coordinator },
            departements = new List<string> { "13" },
            communes = Array.Empty<string>(),
        }, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        }

        using var replayed = CookieClient(cookie);
        var failures = await AsAnonymousAsync(replayed);

        using var session = await app.SignInAsync(user.UserName, user.Password);
        var coordinator = Array.IndexOf(Users, "coordinator13");
        foreach (var row in Rows)
        {
            using var request = await row.Request(app, Territory.Inside);
            var client = row.FreshSession ? await app.SignInAsync(user.UserName, user.Password) : session;
            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            if (row.FreshSession)
            {
                client.Dispose();
            }

            var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (status != row.Inside.Split(' ')[coordinator])
            {
                failures.Add($"{row.Key} (new session): expected as coordinator13, got {status} {await Body(response)}");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    private async Task<List<string>> AsAnonymousAsync(HttpClient client)
    {
        var failures = new List<string>();
        foreach (var row in Rows)
        {
            using var request = await row.Request(app, Territory.Inside);
            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (status != row.Inside.Split(' ')[0])
            {
                failures.Add($"{row.Key} (old cookie): expected as anonymous, got {status} {await Body(response)}");
            }
        }

        return failures;
    }

    private HttpClient CookieClient(string cookie)
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    /// <summary>Signs out as the console does (with the session's antiforgery token), leaving the caller's copy of the cookie intact.</summary>
    private async Task SignOutAsync(string cookie)
    {
        using var session = CookieClient(cookie);
        using var antiforgeryResponse = await session.GetAsync("/api/auth/antiforgery", TestContext.Current.CancellationToken);
        var antiforgery = (await antiforgeryResponse.Content.ReadFromJsonAsync<Hotline.Server.Identity.AntiforgeryToken>(TestContext.Current.CancellationToken))!;
        var cookies = antiforgeryResponse.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Prepend(cookie);
        using var signingOut = CookieClient(string.Join("; ", cookies));
        using var logout = new HttpRequestMessage(HttpMethod.Post, "/api/auth/logout");
        logout.Headers.Add(antiforgery.HeaderName, antiforgery.Token);
        using var response = await signingOut.SendAsync(logout, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public void Every_endpoint_has_a_row_in_the_matrix()
    {
        var inApp = AppEndpoints().Select(e => e.Key).Where(key => !key.Contains("/telephony/twilio/", StringComparison.Ordinal)).ToHashSet();
        var inMatrix = Rows.Select(r => r.Key).Concat(CoveredElsewhere.Keys).ToHashSet();

        Assert.True(inApp.Count > 30, "the endpoints were not found");
        var missing = inApp.Except(inMatrix).Order().ToList();
        var gone = inMatrix.Except(inApp).Order().ToList();
        Assert.True(missing.Count == 0, "endpoints without a row: " + string.Join(", ", missing));
        Assert.True(gone.Count == 0, "rows of endpoints that are gone: " + string.Join(", ", gone));
    }

    /// <summary>Deny by default is not enough: each endpoint states who may call it, so a missing line is visible in review.</summary>
    [Fact]
    public void Every_endpoint_declares_its_policy_or_allows_anonymous_explicitly()
    {
        var silent = AppEndpoints()
            .Where(e => e.Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null && !e.Endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any())
            .Select(e => e.Key)
            .ToList();
        Assert.True(silent.Count == 0, "endpoints relying on the fallback policy: " + string.Join(", ", silent));
    }

    /// <summary>Twilio's webhooks answer to a signature, never to a session: a signed-in user without one is refused.</summary>
    [Fact]
    public async Task A_session_never_replaces_the_twilio_signature()
    {
        var webhooks = AppEndpoints().Where(e => e.Key.StartsWith("POST /telephony/twilio/", StringComparison.Ordinal)).ToList();
        Assert.True(webhooks.Count >= 10);
        foreach (var user in Users)
        {
            var client = user == "anonymous" ? app.CreateApiClient() : await app.SessionAsync(user);
            foreach (var webhook in webhooks)
            {
                using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["CallSid"] = Twiml.NewCallSid() });
                using var response = await client.PostAsync(webhook.Key["POST ".Length..], content, TestContext.Current.CancellationToken);
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{user} {webhook.Key}: {(int)response.StatusCode}");
            }
        }
    }

    private IEnumerable<(string Key, RouteEndpoint Endpoint)> AppEndpoints()
    {
        using var client = app.CreateApiClient(); // starts the server
        foreach (var endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var route = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            var methods = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods;
            if (methods is null or { Count: 0 })
            {
                yield return ($"ANY {route}", endpoint);
                continue;
            }

            foreach (var method in methods)
            {
                yield return ($"{method} {route}", endpoint);
            }
        }
    }

    private static async Task<string> Body(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return text.Length > 300 ? text[..300] : text;
    }

    // ---- Requests

    private static RequestFactory Get(string path) => (_, _) => Task.FromResult(GetMessage(path));

    /// <summary>A month's report of the Bouches-du-Rhône (coordinator13's, inside) or of the Vaucluse (outside).</summary>
    private static RequestFactory StatisticsReport(string path) => (_, territory) =>
        Task.FromResult(GetMessage($"{path}?from=2026-11-01&to=2026-11-30&groupBy=day&departement={(territory == Territory.Inside ? "13" : "84")}"));

    private static RequestFactory Post(string path, object? body = null) => (_, _) => Task.FromResult(PostMessage(path, body));

    private static RequestFactory Put(string path, object body) => (_, _) => Task.FromResult(PutMessage(path, body));

    private static HttpRequestMessage GetMessage(string path) => new(HttpMethod.Get, path);

    private static HttpRequestMessage PostMessage(string path, object? body = null) =>
        new(HttpMethod.Post, path) { Content = body is null ? JsonContent.Create(new { }) : JsonContent.Create(body, body.GetType(), options: TriageHelpers.Json) };

    private static HttpRequestMessage PutMessage(string path, object body) =>
        new(HttpMethod.Put, path) { Content = JsonContent.Create(body, body.GetType(), options: TriageHelpers.Json) };

    /// <summary>A fresh triaged call per case (inside: counsellor1's; outside: counsellor2's).</summary>
    private static RequestFactory OnCall(Func<Guid, MatrixApp, Task<HttpRequestMessage>> request) =>
        async (app, territory) => await request(await app.TriagedCallAsync(territory), app);

    private static RequestFactory OnCall(Func<Guid, MatrixApp, HttpRequestMessage> request) =>
        async (app, territory) => request(await app.TriagedCallAsync(territory), app);

    /// <summary>A fresh referral per case, moved by a supervisor to the state the action starts from.</summary>
    private static RequestFactory OnReferral(Func<Guid, MatrixApp, Task<HttpRequestMessage>> request, params string[] movesFirst) =>
        async (app, territory) => await request(await app.ReferralAsync(territory, movesFirst), app);

    private static RequestFactory OnReferral(Func<Guid, MatrixApp, HttpRequestMessage> request, params string[] movesFirst) =>
        async (app, territory) => request(await app.ReferralAsync(territory, movesFirst), app);

    /// <summary>A fresh counsellor account per case, created by the admin.</summary>
    private static RequestFactory OnNewUser(Func<Guid, HttpRequestMessage> request) =>
        async (app, _) => request((await (await app.SessionAsync("admin")).CreateUserAsync(Hotline.Server.Identity.Roles.Counsellor)).Id);

    private static async Task<HttpRequestMessage> SendReferral(Guid callId, MatrixApp app)
    {
        // What the holder saw: the route to the CMER of Tarascon, with a purpose and a legal basis.
        var routing = await (await app.SessionAsync("supervisor1")).RoutingAsync(callId);
        return PostMessage($"/api/calls/{callId}/referral", new SendReferralRequest(
            routing.Decision.Service!.Id, routing.Purposes[0].Code, routing.LegalBases[0].Code));
    }

    private static async Task<HttpRequestMessage> PreviewReferral(Guid callId, MatrixApp app)
    {
        var routing = await (await app.SessionAsync("supervisor1")).RoutingAsync(callId);
        return GetMessage($"/api/calls/{callId}/referral/preview?serviceId={routing.Decision.Service!.Id}");
    }

    private static async Task<HttpRequestMessage> Redirect(Guid referralId, MatrixApp app) =>
        PostMessage($"/api/referrals/{referralId}/redirect", new RedirectRequest(await app.BouchesDuRhoneCellAsync(), "Relève de la cellule départementale", ReferralHelpers.FamilySupport, ReferralHelpers.PrefectMission));
}
