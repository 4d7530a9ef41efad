using System.Net.Http.Json;
using Hotline.IntegrationTests.Referrals;
using Hotline.IntegrationTests.Telephony;
using Hotline.IntegrationTests.Triage;
using Hotline.Server.Referrals;
using Hotline.Server.Triage;
using Hotline.Server.LiveConsole;
using Hotline.Testing;

namespace Hotline.IntegrationTests.LiveConsole;

/// <summary>No phone number, name, summary or note ever reaches a log: a whole day's worth of flows with a capturing sink.</summary>
public sealed class PrivacyTests : IAsyncLifetime
{
    private readonly TwilioConsoleApp _app = new();

    public ValueTask InitializeAsync() => _app.InitializeAsync();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Caller_callback_and_counsellor_numbers_never_appear_in_the_logs()
    {
        const string caller = "+33677889900";
        const string callbackCaller = "+33655443322";
        const string counsellorPhone = "+33699887766";
        await using var console = await ConsoleClient.ConnectAsync(_app, "counsellor1");
        using var client = await _app.SignInAsync("counsellor1");
        using (await client.PutAsJsonAsync("/api/console/answering", new { mode = "Phone", phoneNumber = counsellorPhone }, TestContext.Current.CancellationToken))
        {
        }

        // A call taken, then ended; a bad signature; a callback request; garbage.
        var callSid = Twiml.NewCallSid();
        await _app.CallIntoQueueAsync(callSid, "2", "13150", caller);
        await _app.FirstWaitAsync(callSid);
        var callId = (await _app.FindCallAsync(callSid))!.Id;
        var offer = await console.WaitForAsync<OfferCard>("OfferReceived", o => o.Call.CallId == callId);
        Assert.True((await console.AcceptAsync(offer.OfferId)).Accepted);
        await _app.PostAsync($"/telephony/twilio/connect?counsellor={(await console.SnapshotAsync()).Me.UserId:N}", Twiml.Fields(callSid, ("From", caller)));
        using (await _app.PostTwilioAsync("/telephony/twilio/status", Twiml.Fields(callSid, ("From", caller), ("CallStatus", "completed")))) { }
        using (await _app.PostTwilioAsync("/telephony/twilio/voice", Twiml.Fields(Twiml.NewCallSid(), ("From", caller)), signature: "forged")) { }
        var other = Twiml.NewCallSid();
        await _app.PostAsync("/telephony/twilio/voice", Twiml.Fields(other, ("From", callbackCaller)));
        await _app.PostAsync("/telephony/twilio/menu?attempt=1", Twiml.Fields(other, ("From", callbackCaller), ("Digits", "9")));
        await _app.PostAsync("/telephony/twilio/wait-choice", Twiml.Fields(other, ("From", callbackCaller), ("Digits", "1")));
        using (await _app.PostTwilioAsync("/telephony/twilio/voice", Twiml.Fields("bad", ("From", callbackCaller)))) { }

        // The call goes on to a triage, a referral to the CMER, its notes, a redirection with a reason.
        const string summary = "Mme Laurence Vasseur-Quintin s'inquiète pour son fils Yanis, 16 ans";
        const string note = "Rendez-vous fixé avec Mme Vasseur-Quintin";
        const string reason = "Yanis vit désormais chez son père à Arles";
        using (var saved = await client.PutTriageAsync(callId, TriageHelpers.Request(TriageOutcome.ReferToCommuneCell, summary: summary, consent: true)))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, saved.StatusCode);
        }

        var referral = (await client.SendAsync(callId)).Referral;
        using var cell = await _app.SignInAsync("cmer-tarascon");
        using (var noted = await cell.ActAsync(referral.Id, "notes", new NoteRequest(note)))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, noted.StatusCode);
        }

        var detail = await cell.DetailAsync(referral.Id);
        Assert.Equal(summary, detail.Situation!.Summary); // the values did go through the server
        var arles = await (await _app.SignInAsync("supervisor1")).PostAsJsonAsync("/api/directory/routing",
            new Hotline.Server.ServiceDirectory.RoutingQuery(Hotline.Server.ServiceDirectory.RoutingIntent.ReferToDepartementalCell, "13004", null, null), TriageHelpers.Json, TestContext.Current.CancellationToken);
        var departemental = (await arles.ReadAsync<Hotline.Server.ServiceDirectory.RoutingDecision>()).Service!.Id;
        using (var redirected = await cell.ActAsync(referral.Id, "redirect", new RedirectRequest(departemental, reason, ReferralHelpers.FamilySupport, ReferralHelpers.PrefectMission)))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, redirected.StatusCode);
        }

        Assert.NotEmpty(_app.Logs);
        foreach (var number in new[] { caller, callbackCaller, counsellorPhone })
        {
            var national = "0" + number[3..];
            Assert.DoesNotContain(_app.Logs, line => line.Contains(number[1..], StringComparison.Ordinal) || line.Contains(national, StringComparison.Ordinal));
        }

        foreach (var text in new[] { "Vasseur", "Laurence", "Yanis", "Rendez-vous fixé", "chez son père" })
        {
            Assert.DoesNotContain(_app.Logs, line => line.Contains(text, StringComparison.Ordinal));
        }
    }
}
