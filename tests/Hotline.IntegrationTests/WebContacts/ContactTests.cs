using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Hotline.IntegrationTests.Telephony;
using Hotline.Server.Audit;
using Hotline.Server.Calls;
using Hotline.Server.WebContacts;
using Hotline.Server.Data;
using Hotline.Server.LiveConsole;
using Hotline.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.IntegrationTests.WebContacts;

/// <summary>The contact page filled in at once (no wait needed), no limit reached.</summary>
public sealed class ContactApp : HotlineAppFactory
{
    public ContactApp()
    {
        Settings["Contact:MinSecondsToSubmit"] = "0";
        Settings["Contact:PerAddressPerHour"] = "100000";
        Settings["Contact:GlobalPerMinute"] = "100000";
    }
}

public sealed class ContactTests(ContactApp app) : IClassFixture<ContactApp>
{
    [Fact]
    public async Task The_page_is_french_or_english_gives_the_emergency_numbers_and_sets_no_cookie()
    {
        using var client = app.CreateApiClient();
        using var french = await client.GetAsync("/contact", TestContext.Current.CancellationToken);
        var html = await french.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, french.StatusCode);
        Assert.Equal("text/html", french.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html lang=\"fr\">", html, StringComparison.Ordinal);
        Assert.Contains("17 ou le 112", html, StringComparison.Ordinal);
        Assert.Contains("SMS au 114", html, StringComparison.Ordinal);
        Assert.Contains("opposition à sa sortie du territoire", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", french.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.False(french.Headers.Contains("Set-Cookie"));
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal); // no inline script
        Assert.DoesNotContain("style=", html, StringComparison.Ordinal);

        var english = await client.GetStringAsync("/contact/en", TestContext.Current.CancellationToken);
        Assert.Contains("<html lang=\"en\">", english, StringComparison.Ordinal);
        Assert.Contains("text 114", english, StringComparison.Ordinal);
        using var script = await client.GetAsync("/contact/contact.js", TestContext.Current.CancellationToken);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_valid_message_becomes_a_web_message_item_with_its_details_encrypted_and_nothing_personal_logged()
    {
        var reference = await ContactClient.SendValidAsync(app);

        Assert.Matches("^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$", reference);
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        var call = await db.Calls.AsNoTracking().SingleAsync(c => c.CallSid == Call.WebMessagePrefix + reference, TestContext.Current.CancellationToken);
        Assert.Equal(CallStatus.WebMessage, call.Status);
        Assert.Equal(CallMotive.Signal, call.Motive);
        Assert.Equal(Call.PriorityOf(CallMotive.Signal), call.Priority);
        Assert.Equal("13", call.DepartementCode);
        Assert.False(call.CallbackMessageAllowed);
        Assert.Equal(CallbackWindow.Morning, call.CallbackWindow);
        Assert.False(call.HeldForReview);
        var contact = await db.WebContacts.AsNoTracking().SingleAsync(w => w.CallId == call.Id, TestContext.Current.CancellationToken);
        var stored = JsonSerializer.Serialize(contact);
        Assert.DoesNotContain("98 76", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("987654", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("parent.inquiet", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("Théo", stored, StringComparison.Ordinal);
        Assert.Equal(ContactRelation.MyChild, contact.Relation);

        var logs = string.Join('\n', app.Logs);
        Assert.DoesNotContain("987654", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("98 76", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("parent.inquiet", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("Théo", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("rejoindre un groupe", logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_urgent_web_message_never_outranks_an_urgent_call()
    {
        var reference = await ContactClient.SendValidAsync(app, form => form["motive"] = "Urgent");

        await using var scope = app.Scope();
        var call = await scope.ServiceProvider.GetRequiredService<HotlineDbContext>().Calls.AsNoTracking()
            .SingleAsync(c => c.CallSid == Call.WebMessagePrefix + reference, TestContext.Current.CancellationToken);
        Assert.True(call.Priority > Call.PriorityOf(CallMotive.Signal));
        Assert.True(call.Priority < Call.PriorityOf(CallMotive.Urgent));
    }

    public static TheoryData<string, string, object?> InvalidFields() => new()
    {
        { "message", "message", null },
        { "message", "message", "   " },
        { "message", "message", new string('a', ContactIntake.MaxMessageLength + 1) },
        { "motive", "motive", null },
        { "motive", "motive", "Unspecified" },
        { "motive", "motive", "Emergency" },
        { "relation", "relation", null },
        { "ageBand", "ageBand", null },
        { "postalCode", "postalCode", "1315" },
        { "postalCode", "postalCode", "13-15" },
        { "phone", "phone", "+44 20 7946 0000" },
        { "phone", "phone", "123" },
        { "email", "email", "pas-une-adresse" },
        { "messageAllowed", "messageAllowed", null },
        { "callbackWindow", "callbackWindow", "Night" },
        { "acknowledged", "acknowledged", false },
        { "formToken", "formToken", "forged" },
        { "formToken", "formToken", null },
    };

    [Theory]
    [MemberData(nameof(InvalidFields))]
    public async Task Each_invalid_field_is_refused_with_a_problem_naming_it(string field, string key, object? value)
    {
        var form = await ContactClient.ValidFormAsync(app);
        form[key] = value;

        using var response = await ContactClient.SendAsync(app, form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), problem.ToString());
        Assert.NotEmpty(messages.EnumerateArray().Single().GetString()!);
    }

    [Theory]
    [InlineData("fr", "Le message n'a pas pu être envoyé.", "Écrivez votre message.")]
    [InlineData("en", "The message could not be sent.", "Write your message.")]
    public async Task A_refusal_speaks_the_language_of_the_page_it_came_from(string language, string title, string message)
    {
        var form = await ContactClient.ValidFormAsync(app);
        form["language"] = language;
        form["message"] = "   ";

        using var response = await ContactClient.SendAsync(app, form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal(title, problem.GetProperty("title").GetString());
        Assert.Equal(message, problem.GetProperty("errors").GetProperty("message").EnumerateArray().Single().GetString());
    }

    [Fact]
    public async Task Without_a_phone_or_an_email_the_problem_names_the_phone()
    {
        var form = await ContactClient.ValidFormAsync(app);
        form["phone"] = null;
        form["email"] = null;

        using var response = await ContactClient.SendAsync(app, form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.GetProperty("errors").TryGetProperty("phone", out _));
    }

    [Fact]
    public async Task An_e_mail_alone_is_enough_and_asks_no_discretion_question()
    {
        var reference = await ContactClient.SendValidAsync(app, form =>
        {
            form["phone"] = null;
            form["messageAllowed"] = null;
            form["callbackWindow"] = null;
        });

        Assert.NotEmpty(reference);
    }

    [Fact]
    public async Task A_body_over_16_KiB_is_refused_before_it_is_read()
    {
        var form = await ContactClient.ValidFormAsync(app);
        form["message"] = new string('x', 17 * 1024);
        using var client = app.CreateApiClient();
        using var content = new StringContent(JsonSerializer.Serialize(form), Encoding.UTF8, "application/json");

        using var response = await client.PostAsync("/api/public/contact", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_filled_honeypot_gets_a_receipt_but_nothing_is_kept()
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        var before = await db.WebContacts.CountAsync(TestContext.Current.CancellationToken);

        var reference = await ContactClient.SendValidAsync(app, form => form["website"] = "https://spam.example");

        Assert.NotEmpty(reference);
        Assert.False(await db.Calls.AnyAsync(c => c.CallSid == Call.WebMessagePrefix + reference, TestContext.Current.CancellationToken));
        Assert.Equal(before, await db.WebContacts.CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_item_reaches_a_console_over_the_hub_and_only_its_holder_reads_it_audited()
    {
        await using var counsellor = await ConsoleClient.ConnectAsync(app, "counsellor1");
        // Any time: a morning-only item is not offered in the afternoon (the discreet window).
        var reference = await ContactClient.SendValidAsync(app, form => form["callbackWindow"] = "AnyTime");
        var itemId = (await app.FindCallAsync(Call.WebMessagePrefix + reference))!.Id;

        // Other tests' items share the board: those offered first are declined.
        var offer = await counsellor.WaitForAsync<OfferCard>("OfferReceived");
        while (offer.Call.CallId != itemId)
        {
            await counsellor.DeclineAsync(offer.OfferId);
            var declined = offer.OfferId;
            offer = await counsellor.WaitForAsync<OfferCard>("OfferReceived", o => o.OfferId != declined && o.OfferedAt >= offer.OfferedAt);
        }

        Assert.Equal(CallCardKind.WebMessage, offer.Call.Kind);
        Assert.Equal(reference, offer.Call.Reference);
        Assert.False(offer.Call.CallbackMessageAllowed);
        Assert.Equal(CallbackWindow.AnyTime, offer.Call.CallbackWindow);

        using var other = await app.SignInAsync("counsellor2");
        using (var refused = await other.GetAsync($"/api/contact/items/{itemId}", TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        var accepted = await counsellor.AcceptAsync(offer.OfferId);
        Assert.True(accepted.Accepted, accepted.Reason);
        using var holder = await app.SignInAsync("counsellor1");
        var view = await holder.GetFromJsonAsync<WebContactView>($"/api/contact/items/{itemId}", ContactClient.Json, TestContext.Current.CancellationToken);
        Assert.Equal(ContactClient.MessageText, view!.Message);
        Assert.Equal("+33698765432", view.Phone);
        Assert.Equal(ContactClient.Email, view.Email);
        Assert.False(view.MessageAllowed);

        Assert.True(await counsellor.Connection.InvokeAsync<bool>("FinishItem", itemId, TestContext.Current.CancellationToken));
        var item = await app.FindCallAsync(Call.WebMessagePrefix + reference);
        Assert.NotNull(item!.HandledAt);
        Assert.Contains(item.Events, e => e.Kind == CallEventKind.Completed && e.Detail!.Contains("counsellor=", StringComparison.Ordinal));
        await using var scope = app.Scope();
        var audit = await scope.ServiceProvider.GetRequiredService<HotlineDbContext>().Set<AuditEntry>().AsNoTracking()
            .Where(a => a.EntityType == ContactEndpoints.AuditEntity && a.EntityId == itemId.ToString()).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Contains(audit, a => a.Action == AuditAction.Read && a.Outcome == AuditOutcome.Allowed);
        Assert.Contains(audit, a => a.Action == AuditAction.Read && a.Outcome == AuditOutcome.Denied);
    }
}
