using System.Net;
using System.Net.Http.Json;
using System.Text;
using Hotline.IntegrationTests.ServiceDirectory;
using Hotline.IntegrationTests.Telephony;
using Hotline.Server.ServiceDirectory;
using Hotline.Testing;

namespace Hotline.IntegrationTests.Hosting;

/// <summary>Inputs longer than what is stored are refused at the edge, never as a 500.</summary>
public sealed class InputLengthTests(HotlineAppFactory app) : IClassFixture<HotlineAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_signed_recording_callback_with_an_overlong_recording_sid_is_acknowledged_and_ignored()
    {
        var callSid = Twiml.NewCallSid();
        await app.PostAsync("/telephony/twilio/voice", Twiml.Fields(callSid));
        await app.PostAsync("/telephony/twilio/message-choice?attempt=1", Twiml.Fields(callSid, ("Digits", "1")));

        using var callback = await app.PostTwilioAsync("/telephony/twilio/recording", Twiml.Fields(callSid,
            ("RecordingSid", "RE" + new string('a', 98)), ("RecordingDuration", "12"), ("RecordingStatus", "completed")));

        Assert.Equal(HttpStatusCode.NoContent, callback.StatusCode);
        Assert.Null((await app.FindCallAsync(callSid))!.RecordingSid);
    }

    [Fact]
    public async Task A_directory_csv_record_over_64_KiB_is_a_row_error()
    {
        using var admin = await app.SignInAsync("admin");
        var csv = "id,organization,name,kind,status,departements,communes,description,email,url,phones,schedule,to_complete,demo\n"
            + $",Commune d'Arles,CMER d'Arles,CommuneCell,Active,,13004,{new string('x', 70 * 1024)},,,,,,\n";

        using var response = await admin.PostAsync("/api/directory/services/import?dryRun=true", new StringContent(csv, Encoding.UTF8, "text/csv"), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = (await response.Content.ReadFromJsonAsync<ImportReport>(DirectoryClient.Json, Ct))!;
        Assert.Contains(report.Errors, e => e.Message.Contains("64 Kio", StringComparison.Ordinal));
    }
}
