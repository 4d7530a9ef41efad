using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hotline.Server.LiveConsole;
using Hotline.Server.Data;
using Hotline.Server.Calls;
using Hotline.Server.Triage;
using Hotline.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.IntegrationTests.Triage;

/// <summary>A server whose taxonomy version is not the shipped one: the stored version must come from configuration.</summary>
public sealed class TriageApp : HotlineAppFactory
{
    public const string TaxonomyVersion = "test-taxonomy-7";

    public TriageApp() => Settings["Triage:Taxonomy:Version"] = TaxonomyVersion;
}

public sealed class TriageTests(TriageApp app) : IClassFixture<TriageApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Before_the_first_save_the_draft_is_prefilled_from_the_call()
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        var tarascon = await app.CallHeldByAsync("counsellor1", "13150");
        var ambiguous = await app.CallHeldByAsync("counsellor1", "13780"); // Cuges-les-Pins (13) and Riboux (83): nothing is guessed

        var draft = await (await counsellor.GetAsync($"/api/calls/{tarascon}/triage", Cancel)).ReadAsync<TriageView>();
        Assert.False(draft.Saved);
        // 13150 serves Tarascon, Boulbon and Saint-Pierre-de-Mézoargues: none is guessed, all are offered; the département is known.
        Assert.Null(draft.Concerned.CommuneCode);
        Assert.Equal("13", draft.Concerned.DepartementCode);
        Assert.Equal(["13017", "13061", "13108"], draft.CommuneChoices.Select(c => c.Code).Order());
        Assert.Equal(TriageApp.TaxonomyVersion, draft.TaxonomyVersion);
        Assert.True(draft.CallEnded);

        var choice = await (await counsellor.GetAsync($"/api/calls/{ambiguous}/triage", Cancel)).ReadAsync<TriageView>();
        Assert.Null(choice.Concerned.CommuneCode);
        Assert.Null(choice.Concerned.DepartementCode);
        Assert.Equal(["13", "83"], choice.CommuneChoices.Select(c => c.DepartementCode).Distinct().Order());
        Assert.Equal("13780", choice.CallPostalCode);
        Assert.Null(await app.StoredTriageAsync(ambiguous)); // reading creates nothing
    }

    [Fact]
    public async Task A_save_is_read_back_with_the_taxonomy_version_and_the_summary_is_encrypted_at_rest()
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        var callId = await app.CallHeldByAsync("counsellor1", "13780");
        const string summary = "Mon fils de 16 ans ne parle plus à personne depuis la rentrée";

        // The counsellor picks one of the candidates of the ambiguous postal code.
        using var saved = await counsellor.PutTriageAsync(callId, TriageHelpers.Request(
            TriageOutcome.ReferToDepartementalCell, communeCode: "83105", summary: summary, signs: ["withdrawal", "family-break", "withdrawal"]));
        var view = await saved.ReadAsync<TriageView>();

        Assert.True(view.Saved);
        Assert.Equal(1, view.Revision);
        Assert.Equal(summary, view.Summary);
        Assert.Equal("83", view.Concerned.DepartementCode);
        Assert.True(view.Concerned.Minor); // follows from the age
        Assert.Equal(["withdrawal", "family-break"], view.WarningSigns);
        var read = await (await counsellor.GetAsync($"/api/calls/{callId}/triage", Cancel)).ReadAsync<TriageView>();
        Assert.Equal(summary, read.Summary);
        Assert.Equal(TriageOutcome.ReferToDepartementalCell, read.Outcome);

        var stored = await app.StoredTriageAsync(callId);
        Assert.Equal(TriageApp.TaxonomyVersion, stored!.TaxonomyVersion);
        Assert.NotNull(stored.ProtectedSummary);
        Assert.DoesNotContain("rentrée", stored.ProtectedSummary, StringComparison.Ordinal);
        Assert.DoesNotContain("fils", stored.ProtectedSummary, StringComparison.Ordinal);
        Assert.DoesNotContain(app.Logs, line => line.Contains("rentrée", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Concurrent_saves_of_one_call_make_one_triage()
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        var callId = await app.CallHeldByAsync("counsellor1");

        // A double click, a refresh and a retry all at once.
        var saves = Enumerable.Range(0, 12).Select(async i =>
        {
            using var response = await counsellor.PutTriageAsync(callId, TriageHelpers.Request(summary: $"version {i}"));
            return response.StatusCode;
        });
        var statuses = await Task.WhenAll(saves);

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        var rows = await db.Triages.AsNoTracking().Where(t => t.CallId == callId).ToListAsync(Cancel);
        var row = Assert.Single(rows);
        Assert.Equal(12, row.Revision);

        // And again later: still the same row.
        using var again = await counsellor.PutTriageAsync(callId, TriageHelpers.Request(summary: "final"));
        Assert.Equal(row.Id, (await app.StoredTriageAsync(callId))!.Id);
    }

    [Fact]
    public async Task Unknown_signs_urgency_or_commune_are_reported_and_the_rest_is_saved()
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        var callId = await app.CallHeldByAsync("counsellor1");

        using var response = await counsellor.PutTriageAsync(callId, TriageHelpers.Request(
            signs: ["family-break", "astrology"], urgency: "apocalyptic", communeCode: "13150", summary: "Il a changé depuis l’été"));

        var view = await response.ReadAsync<TriageView>();
        Assert.Contains("astrology", view.Problems["warningSigns"], StringComparison.Ordinal);
        Assert.Contains("urgency", view.Problems.Keys);
        // 13150 is Tarascon's postal code, not an INSEE code.
        Assert.Contains("concerned.communeCode", view.Problems.Keys);
        var stored = await app.StoredTriageAsync(callId);
        Assert.Empty(stored!.WarningSigns);
        Assert.Null(stored.Urgency);
        Assert.Null(stored.ConcernedCommuneCode);
        Assert.Equal(CallerRelation.Mother, stored.CallerRelation);
        Assert.Equal(16, stored.ConcernedAge);
        Assert.Equal("Il a changé depuis l’été", view.Summary);
    }

    [Fact]
    public async Task A_refused_field_keeps_its_stored_value_and_every_valid_field_is_saved()
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        var callId = await app.CallHeldByAsync("counsellor1");
        using var first = await counsellor.PutTriageAsync(callId, TriageHelpers.Request(age: 16, summary: "début"));
        Assert.Empty((await first.ReadAsync<TriageView>()).Problems);

        // An age of 250 typed, then the summary: the summary is saved, the age keeps 16 and is reported.
        using var second = await counsellor.PutTriageAsync(callId, TriageHelpers.Request(age: 250, summary: "début, puis la suite", urgency: "serious-concern"));

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var view = await second.ReadAsync<TriageView>();
        Assert.Equal(["concerned.age"], view.Problems.Keys);
        Assert.Contains("120", view.Problems["concerned.age"], StringComparison.Ordinal);
        Assert.Equal(16, view.Concerned.Age);
        Assert.Equal("début, puis la suite", view.Summary);
        Assert.Equal("serious-concern", view.Urgency);
        Assert.Equal(2, view.Revision);

        // Corrected: saved, nothing reported.
        using var third = await counsellor.PutTriageAsync(callId, TriageHelpers.Request(age: 25, summary: "début, puis la suite"));
        var corrected = await third.ReadAsync<TriageView>();
        Assert.Empty(corrected.Problems);
        Assert.Equal(25, corrected.Concerned.Age);
        Assert.False(corrected.Concerned.Minor);
    }

    [Theory]
    [InlineData(16, null, false, "concerned.minor")]
    [InlineData(30, AgeBand.From13To15, null, "concerned.ageBand")]
    [InlineData(null, AgeBand.Over25, true, "concerned.minor")]
    [InlineData(-1, null, null, "concerned.age")]
    public async Task Contradictory_age_band_and_minor_are_reported_and_never_stored(int? age, AgeBand? band, bool? minor, string field)
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        var callId = await app.CallHeldByAsync("counsellor1");
        var request = TriageHelpers.Request() with { Concerned = new ConcernedPersonRequest(age, band, minor, "13108", null) };

        using var response = await counsellor.PutTriageAsync(callId, request);

        var view = await response.ReadAsync<TriageView>();
        Assert.Contains(field, view.Problems.Keys);
        Assert.Equal("13108", view.Concerned.CommuneCode);
        var stored = await app.StoredTriageAsync(callId);
        // What is stored agrees with itself.
        if (stored!.ConcernedAge is { } storedAge)
        {
            Assert.Equal(storedAge < 18, stored.ConcernedMinor);
        }

        if (stored.ConcernedAgeBand is { } storedBand)
        {
            Assert.Equal(storedBand is AgeBand.Under13 or AgeBand.From13To15 or AgeBand.From16To17, stored.ConcernedMinor);
            Assert.True(stored.ConcernedAge is null || storedBand != AgeBand.From13To15 || stored.ConcernedAge is >= 13 and <= 15);
        }
    }

    [Fact]
    public async Task Immediate_danger_needs_the_17_112_confirmation_and_alerts_supervisors_once()
    {
        await using var supervisor = await ConsoleClient.ConnectAsync(app, "supervisor1");
        await using var otherCounsellor = await ConsoleClient.ConnectAsync(app, "counsellor2");
        await supervisor.WaitForAsync<ConsoleSnapshot>("Snapshot");
        await otherCounsellor.WaitForAsync<ConsoleSnapshot>("Snapshot");
        using var counsellor = await app.SignInAsync("counsellor1");
        var callId = await app.CallHeldByAsync("counsellor1", "84000");

        // Either the outcome or the urgency level says immediate danger: both need the confirmation.
        using var noConfirmation = await counsellor.PutTriageAsync(callId, TriageHelpers.Request(TriageOutcome.ImmediateDanger, urgency: "serious-concern"));
        Assert.Contains("emergencyServices", (await noConfirmation.ReadAsync<TriageView>()).Problems.Keys);
        using var levelOnly = await counsellor.PutTriageAsync(callId, TriageHelpers.Request(urgency: "immediate-danger"));
        Assert.Contains("emergencyServices", (await levelOnly.ReadAsync<TriageView>()).Problems.Keys);
        // The rest is saved, but neither the outcome nor the level that say immediate danger.
        var stored = await app.StoredTriageAsync(callId);
        Assert.Null(stored!.Outcome);
        Assert.Null(stored.Urgency);
        Assert.False(supervisor.Received("DangerAlertRaised"));

        using var confirmed = await counsellor.PutTriageAsync(callId, TriageHelpers.Request(
            TriageOutcome.ImmediateDanger, urgency: "immediate-danger", communeCode: "84007", emergency: EmergencyServicesConfirmation.LineContacted));
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);

        var alert = await supervisor.WaitForAsync<DangerAlertView>("DangerAlertRaised", a => a.CallId == callId);
        Assert.Equal(EmergencyServicesConfirmation.LineContacted, alert.EmergencyServices);
        Assert.Equal("84", alert.DepartementCode);
        Assert.Equal("Vaucluse", alert.DepartementName);
        Assert.Equal("Écoutant·e 1", alert.CounsellorName);

        // Autosave goes on: no second alert for the same triage.
        using var later = await counsellor.PutTriageAsync(callId, TriageHelpers.Request(
            TriageOutcome.ImmediateDanger, urgency: "immediate-danger", communeCode: "84007", summary: "more", emergency: EmergencyServicesConfirmation.LineContacted));
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        await Task.Delay(300, Cancel);
        Assert.Single(supervisor.Events, e => e.Name == "DangerAlertRaised" && ((DangerAlertView)e.Payload!).CallId == callId);
        Assert.False(otherCounsellor.Received("DangerAlertRaised"));
    }

    [Fact]
    public async Task Only_the_counsellor_who_held_the_call_and_supervisors_may_read_or_write_its_triage()
    {
        var callId = await app.CallHeldByAsync("counsellor1");
        using (var owner = await app.SignInAsync("counsellor1"))
        using (var saved = await owner.PutTriageAsync(callId, TriageHelpers.Request(summary: "private")))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        foreach (var (userName, expected) in new (string?, HttpStatusCode)[]
        {
            ("supervisor1", HttpStatusCode.OK),
            ("counsellor2", HttpStatusCode.Forbidden),
            ("coordinator13", HttpStatusCode.Forbidden),
            ("cmer-tarascon", HttpStatusCode.Forbidden),
            ("admin", HttpStatusCode.Forbidden),
            (null, HttpStatusCode.Unauthorized),
        })
        {
            using var client = userName is null ? app.CreateApiClient() : await app.SignInAsync(userName);
            using var read = await client.GetAsync($"/api/calls/{callId}/triage", Cancel);
            Assert.True(expected == read.StatusCode, $"{userName} read: {read.StatusCode}");
            using var write = await client.PutTriageAsync(callId, TriageHelpers.Request(summary: "overwritten"));
            Assert.True(expected == write.StatusCode, $"{userName} write: {write.StatusCode}");
            if (expected != HttpStatusCode.OK)
            {
                Assert.DoesNotContain("private", await read.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
            }
        }

        using var counsellor = await app.SignInAsync("counsellor1");
        using var unknown = await counsellor.GetAsync($"/api/calls/{Guid.NewGuid()}/triage", Cancel);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task The_triage_can_be_filled_during_the_call_and_completed_after_it()
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        var callId = await app.CallHeldByAsync("counsellor1", status: CallStatus.Connected);

        var during = await (await counsellor.PutTriageAsync(callId, TriageHelpers.Request(summary: "en cours"))).ReadAsync<TriageView>();
        Assert.False(during.CallEnded);

        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
            await db.Calls.Where(c => c.Id == callId).ExecuteUpdateAsync(set => set.SetProperty(c => c.Status, CallStatus.Completed), Cancel);
        }

        var after = await (await counsellor.PutTriageAsync(callId, TriageHelpers.Request(TriageOutcome.AdviceGiven, summary: "terminé"))).ReadAsync<TriageView>();
        Assert.True(after.CallEnded);
        Assert.Equal(2, after.Revision);
        Assert.Equal(TriageOutcome.AdviceGiven, after.Outcome);
    }

    [Theory]
    [InlineData("""{"callerRelation":"Uncle"}""")]
    [InlineData("""{"concerned":{"age":"seize"}}""")]
    [InlineData("""{"warningSigns":"family-break"}""")]
    [InlineData("not json")]
    public async Task Malformed_triages_get_400_problem_details(string body)
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        var callId = await app.CallHeldByAsync("counsellor1");

        using var response = await counsellor.PutAsync($"/api/calls/{callId}/triage",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Null(await app.StoredTriageAsync(callId));
    }

    [Fact]
    public async Task A_summary_over_the_limit_is_refused_and_the_stored_one_kept()
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        var callId = await app.CallHeldByAsync("counsellor1");
        using var first = await counsellor.PutTriageAsync(callId, TriageHelpers.Request(summary: "court"));

        using var response = await counsellor.PutTriageAsync(callId, TriageHelpers.Request(summary: new string('a', 20_001)));

        var view = await response.ReadAsync<TriageView>();
        Assert.Contains("20001", view.Problems["summary"], StringComparison.Ordinal);
        Assert.Equal("court", view.Summary);
    }

    [Fact]
    public async Task The_taxonomy_lists_the_configured_signs_and_urgency_scale()
    {
        using var coordinator = await app.SignInAsync("coordinator13");
        var taxonomy = await coordinator.GetFromJsonAsync<TaxonomyView>("/api/triage/taxonomy", TriageHelpers.Json, Cancel);

        Assert.Equal(TriageApp.TaxonomyVersion, taxonomy!.Version);
        Assert.Contains(taxonomy.Signs, s => s.Id == "travel-conflict-zone" && s.Label["fr"].Contains("zone de conflit", StringComparison.Ordinal));
        Assert.Equal(["information", "concern", "serious-concern", "immediate-danger"], taxonomy.Urgency.Select(u => u.Id));
        Assert.Single(taxonomy.Urgency, u => u.ImmediateDanger);
    }
}
