using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Net.Http.Json;
using Hotline.IntegrationTests.Telephony;
using Hotline.Server.LiveConsole;
using Hotline.Server.Calls;
using Hotline.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace Hotline.IntegrationTests.LiveConsole;

/// <summary>In-browser answering configured: the three Twilio voice settings are set.</summary>
public sealed class VoiceApp : HotlineAppFactory
{
    public VoiceApp()
    {
        Settings["Twilio:ApiKeySid"] = "SK0123456789abcdef0123456789abcdef";
        Settings["Twilio:ApiKeySecret"] = "test-api-key-secret-0123456789abcdef";
        Settings["Twilio:TwimlAppSid"] = "AP0123456789abcdef0123456789abcdef";
    }
}

public sealed class VoiceTokenTests(VoiceApp app) : IClassFixture<VoiceApp>
{
    [Fact]
    public async Task A_counsellor_gets_a_short_lived_voice_token_for_their_own_client_identity()
    {
        using var client = await app.SignInAsync("counsellor1");

        var token = await client.GetFromJsonAsync<VoiceToken>("/api/console/voice-token", TestContext.Current.CancellationToken);

        Assert.NotNull(token);
        Assert.StartsWith("counsellor-", token.Identity, StringComparison.Ordinal);
        var jwt = new JwtSecurityTokenHandler().ReadJwtToken(token.Token);
        Assert.Equal("SK0123456789abcdef0123456789abcdef", jwt.Issuer);
        Assert.True(jwt.ValidTo <= DateTime.UtcNow.AddHours(1).AddMinutes(1));
        Assert.Contains("voice", jwt.Payload["grants"].ToString(), StringComparison.Ordinal);
        Assert.Contains(token.Identity, jwt.Payload["grants"].ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("coordinator13", HttpStatusCode.Forbidden)]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    public async Task Only_counsellors_get_one(string? userName, HttpStatusCode expected)
    {
        using var client = userName is null ? app.CreateApiClient() : await app.SignInAsync(userName);
        using var response = await client.GetAsync("/api/console/voice-token", TestContext.Current.CancellationToken);
        Assert.Equal(expected, response.StatusCode);
    }
}

public sealed class ConsoleApiTests : IAsyncLifetime
{
    private readonly TwilioConsoleApp _app = new();

    public ValueTask InitializeAsync() => _app.InitializeAsync();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Without_twilio_voice_settings_there_is_no_token_and_the_snapshot_says_so()
    {
        using var client = await _app.SignInAsync("counsellor1");
        using var response = await client.GetAsync("/api/console/voice-token", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_counsellor_who_answers_on_the_phone_is_dialled_on_it()
    {
        await using var console = await ConsoleClient.ConnectAsync(_app, "counsellor1");
        await console.WaitForAsync<ConsoleSnapshot>("Snapshot");
        using var client = await _app.SignInAsync("counsellor1");

        using (var invalid = await client.PutAsJsonAsync("/api/console/answering", new { mode = "Phone", phoneNumber = "06 12" }, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        }

        // Typed the French way: read as French, stored in E.164 (libphonenumber).
        using (var saved = await client.PutAsJsonAsync("/api/console/answering", new { mode = "Phone", phoneNumber = "06 99 88 77 66" }, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.NoContent, saved.StatusCode);
        }

        var json = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
        var settings = await client.GetFromJsonAsync<AnsweringSettings>("/api/console/answering", json, TestContext.Current.CancellationToken);
        Assert.Equal(new AnsweringSettings(AnswerMode.Phone, true), settings);

        var callSid = Twiml.NewCallSid();
        await _app.CallIntoQueueAsync(callSid, "1", "");
        await _app.FirstWaitAsync(callSid);
        var callId = (await _app.FindCallAsync(callSid))!.Id;
        var offer = await console.WaitForAsync<OfferCard>("OfferReceived", o => o.Call.CallId == callId);
        var accepted = await console.AcceptAsync(offer.OfferId);
        Assert.Equal(ConnectionMode.Phone, accepted.Call!.Mode);

        // Twilio follows the URL of the dequeue: the caller is dialled through to the counsellor's phone.
        var userId = (await console.SnapshotAsync()).Me.UserId;
        var twiml = await _app.PostAsync($"/telephony/twilio/connect?counsellor={userId:N}", Twiml.Fields(callSid));
        Assert.Equal("+33699887766", twiml.Single("Number").Value);
        Assert.Empty(twiml.Descendants("Client"));
    }

    [Fact]
    public async Task A_supervisor_gives_a_waiting_call_to_a_chosen_counsellor()
    {
        await using var first = await ConsoleClient.ConnectAsync(_app, "counsellor1");
        await using var second = await ConsoleClient.ConnectAsync(_app, "counsellor2");
        await using var supervisor = await ConsoleClient.ConnectAsync(_app, "supervisor1");
        await first.SetPresenceAsync(Presence.Break);
        await second.SetPresenceAsync(Presence.Break);
        var callSid = Twiml.NewCallSid();
        await _app.CallIntoQueueAsync(callSid, "2", "");
        var callId = (await _app.FindCallAsync(callSid))!.Id;
        await second.SetPresenceAsync(Presence.Available);
        await first.SetPresenceAsync(Presence.Available);
        var offeredToSecond = await second.WaitForAsync<OfferCard>("OfferReceived", o => o.Call.CallId == callId);

        // The supervisor moves it to counsellor1: counsellor2's offer is withdrawn.
        var firstId = (await first.SnapshotAsync()).Me.UserId;
        Assert.False(await second.Connection.InvokeAsync<bool>("AssignCall", callId, firstId, TestContext.Current.CancellationToken));
        Assert.True(await supervisor.Connection.InvokeAsync<bool>("AssignCall", callId, firstId, TestContext.Current.CancellationToken));

        await first.WaitForAsync<OfferCard>("OfferReceived", o => o.Call.CallId == callId);
        await second.WaitForAsync<object>("OfferWithdrawn");
        Assert.False((await second.AcceptAsync(offeredToSecond.OfferId)).Accepted);
    }
}

/// <summary>A counsellor's row is created once, however many requests ask for it at the same moment.</summary>
public sealed class CounsellorRowTests(HotlineAppFactory app) : IClassFixture<HotlineAppFactory>
{
    [Fact]
    public async Task A_first_connection_a_second_tab_and_the_answering_setting_at_once_all_succeed()
    {
        using var client = await app.SignInAsync("counsellor2");
        var settings = Enumerable.Range(0, 6).Select(async _ =>
        {
            using var response = await client.PutAsJsonAsync("/api/console/answering", new { mode = "Browser" }, TestContext.Current.CancellationToken);
            return response.StatusCode;
        });
        var consoles = Enumerable.Range(0, 3).Select(_ => ConsoleClient.ConnectAsync(app, "counsellor2"));

        var statuses = await Task.WhenAll(settings);
        var connected = await Task.WhenAll(consoles);

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.NoContent, status));
        foreach (var console in connected)
        {
            Assert.Equal("counsellor2", (await console.WaitForAsync<ConsoleSnapshot>("Snapshot")).Me.UserName);
            Assert.False(console.Received("Closed"));
            await console.DisposeAsync();
        }
    }
}
