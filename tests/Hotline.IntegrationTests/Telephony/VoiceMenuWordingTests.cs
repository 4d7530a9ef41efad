using System.Text.RegularExpressions;
using Hotline.Server.Calls;
using Hotline.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Hotline.IntegrationTests.Telephony;

/// <summary>What the voice menu says and understands, against the line's official wording (issue 16).</summary>
public sealed partial class VoiceMenuWordingTests(HotlineAppFactory app) : IClassFixture<HotlineAppFactory>
{
    [Theory]
    // Urgent first, whatever else the sentence says ("un" is an article here).
    [InlineData("J'ai un fils qui veut partir, c'est urgent", "urgent")]
    [InlineData("mon fils va partir en Syrie", "urgent")]
    [InlineData("ma fille est sur le point de partir", "urgent")]
    [InlineData("il a un billet d'avion pour demain", "urgent")]
    [InlineData("j'ai une question mais c'est une urgence", "urgent")]
    [InlineData("il parle de passer à l'acte", "urgent")]
    [InlineData("il y a un danger", "urgent")]
    [InlineData("Il a une arme", "urgent")]
    [InlineData("trois", "urgent")]
    [InlineData("le 3", "urgent")]
    // A situation to tell about.
    [InlineData("je voudrais signaler un comportement", "signal")]
    [InlineData("Je suis très inquiète pour mon neveu", "signal")]
    [InlineData("mon frère s'est radicalisé", "signal")]
    [InlineData("deux", "signal")]
    [InlineData("touche deux", "signal")]
    // A question or advice.
    [InlineData("j'ai une question", "question")]
    [InlineData("Je voudrais un conseil pour ma fille", "question")]
    [InlineData("c'est pour avoir des renseignements", "question")]
    [InlineData("un", "question")]
    [InlineData("le un", "question")]
    [InlineData("J'ai besoin d'aide", "question")]
    // Unclear: asked again.
    [InlineData("j'ai un fils", "again")]
    [InlineData("j'ai deux enfants", "again")]
    [InlineData("bonjour madame", "again")]
    [InlineData("j'ai une question, je suis inquiet", "again")]
    [InlineData("euh", "again")]
    public async Task Spoken_answers_choose_the_motive_urgent_first_and_unclear_ones_are_asked_again(string speech, string expected)
    {
        var callSid = Twiml.NewCallSid();
        await app.PostAsync("/telephony/twilio/voice", Twiml.Fields(callSid));

        var twiml = await app.PostAsync("/telephony/twilio/menu?attempt=1", Twiml.Fields(callSid, ("SpeechResult", speech)));

        var call = await app.FindCallAsync(callSid);
        switch (expected)
        {
            case "urgent":
                twiml.Single("Enqueue");
                Assert.Equal(CallMotive.Urgent, call!.Motive);
                Assert.Equal(CallStatus.Queued, call.Status);
                break;
            case "again":
                Assert.Contains("pas compris", twiml.Said(), StringComparison.Ordinal);
                Assert.Equal("/telephony/twilio/menu?attempt=2", twiml.Single("Gather").PathOf("action", app));
                Assert.Equal(CallStatus.InMenu, call!.Status);
                break;
            default:
                Assert.Equal("/telephony/twilio/postal-code?attempt=1", twiml.Single("Gather").PathOf("action", app));
                Assert.Equal(expected == "signal" ? CallMotive.Signal : CallMotive.Question, call!.Motive);
                break;
        }
    }

    [Fact]
    public async Task An_unclear_answer_twice_is_queued_as_unspecified()
    {
        var callSid = Twiml.NewCallSid();
        await app.PostAsync("/telephony/twilio/voice", Twiml.Fields(callSid));
        await app.PostAsync("/telephony/twilio/menu?attempt=1", Twiml.Fields(callSid, ("SpeechResult", "j'ai un fils")));

        var queued = await app.PostAsync("/telephony/twilio/menu?attempt=2", Twiml.Fields(callSid, ("SpeechResult", "bonjour madame")));

        queued.Single("Enqueue");
        var call = await app.FindCallAsync(callSid);
        Assert.Equal(CallStatus.Queued, call!.Status);
        Assert.Equal(CallMotive.Unspecified, call.Motive);
    }

    [Fact]
    public async Task Key_3_says_17_and_112_first_then_the_opposition_to_leaving_the_country_and_queues_at_once_at_the_highest_priority()
    {
        var callSid = Twiml.NewCallSid();
        await app.PostAsync("/telephony/twilio/voice", Twiml.Fields(callSid));

        var twiml = await app.PostAsync("/telephony/twilio/menu?attempt=1", Twiml.Fields(callSid, ("Digits", "3")));

        var said = twiml.Said();
        var emergency = said.IndexOf("17 ou 112", StringComparison.Ordinal);
        var opposition = said.IndexOf("opposition à sa sortie du territoire", StringComparison.Ordinal);
        Assert.True(emergency >= 0 && opposition > emergency, said);
        Assert.Contains("commissariat ou à la gendarmerie", said, StringComparison.Ordinal);
        Assert.Empty(twiml.Descendants("Gather")); // no postal code asked
        Assert.Equal("Enqueue", twiml.Elements().Last().Name.LocalName);
        var call = await app.FindCallAsync(callSid);
        Assert.Equal(CallStatus.Queued, call!.Status);
        Assert.Equal(CallLocation.NotGiven, call.Location);
        var highest = Enum.GetValues<CallMotive>().Max(Call.PriorityOf);
        Assert.Equal(highest, call.Priority);
        Assert.Contains(call.Events, e => e.Kind == CallEventKind.Queued);
    }

    [Fact]
    public async Task The_greeting_uses_the_official_wording_gives_the_114_and_the_data_notice_within_20_seconds()
    {
        var twiml = await app.PostAsync("/telephony/twilio/voice", Twiml.Fields(Twiml.NewCallSid()));

        // Everything said before the menu starts (the menu itself is inside the Gather).
        var greeting = string.Join(" ", twiml.Elements("Say").Select(say => say.Value));
        Assert.Contains("numéro vert national d'assistance et d'orientation", greeting, StringComparison.Ordinal);
        Assert.Contains("gratuit, anonyme et confidentiel", greeting, StringComparison.Ordinal);
        Assert.Contains("17 ou 112", greeting, StringComparison.Ordinal);
        Assert.Contains("SMS au 114", greeting, StringComparison.Ordinal);
        Assert.Contains("Vos données servent à vous aider ; détails sur cipdr point gouv point fr", greeting, StringComparison.Ordinal);
        var seconds = SpokenSeconds(greeting);
        Assert.True(seconds <= 20, $"The greeting lasts about {seconds:0.0} s at Polly.Lea's pace.");
        Assert.True(seconds >= 12, $"The estimate ({seconds:0.0} s) looks too low to be believed.");
    }

    [Fact]
    public async Task Nothing_recorded_or_a_withheld_number_never_promises_a_call_back()
    {
        var callSid = Twiml.NewCallSid();
        await app.PostAsync("/telephony/twilio/voice", Twiml.Fields(callSid));

        var record = await app.PostAsync("/telephony/twilio/message-choice?attempt=1", Twiml.Fields(callSid, ("Digits", "1")));
        // After the Record verb (reached when nothing was recorded): how to reach the line instead.
        Assert.Contains("Aucun message n'a été enregistré", record.Elements().SkipWhile(e => e.Name.LocalName != "Record").Skip(1).First().Value, StringComparison.Ordinal);

        var empty = await app.PostAsync("/telephony/twilio/voicemail", Twiml.Fields(callSid, ("RecordingDuration", "0")));
        Assert.Contains("Aucun message n'a été enregistré", empty.Said(), StringComparison.Ordinal);
        Assert.DoesNotContain("recontactera", empty.Said(), StringComparison.Ordinal);

        var withheld = await app.PostAsync("/telephony/twilio/voicemail", Twiml.Fields(callSid,
            ("From", "anonymous"), ("RecordingSid", "RE" + Guid.NewGuid().ToString("N")), ("RecordingDuration", "20")));
        Assert.Contains("numéro est masqué", withheld.Said(), StringComparison.Ordinal);
        Assert.DoesNotContain("recontactera", withheld.Said(), StringComparison.Ordinal);

        var visible = await app.PostAsync("/telephony/twilio/voicemail", Twiml.Fields(callSid,
            ("RecordingSid", "RE" + Guid.NewGuid().ToString("N")), ("RecordingDuration", "20")));
        Assert.Contains("vous recontactera", visible.Said(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_callback_asks_whether_a_message_may_be_left_and_when_calling_is_safe_and_keeps_both()
    {
        var callSid = Twiml.NewCallSid();
        await app.PostAsync("/telephony/twilio/voice", Twiml.Fields(callSid, ("From", "+33611113333")));
        await app.PostAsync("/telephony/twilio/menu?attempt=1", Twiml.Fields(callSid, ("Digits", "")));
        await app.PostAsync("/telephony/twilio/menu?attempt=2", Twiml.Fields(callSid, ("Digits", "")));
        await app.PostAsync("/telephony/twilio/wait-choice", Twiml.Fields(callSid, ("Digits", "1")));
        await app.PostAsync("/telephony/twilio/queue-result", Twiml.Fields(callSid, ("QueueResult", "leave")));

        var message = await app.PostAsync("/telephony/twilio/message-choice?attempt=1", Twiml.Fields(callSid, ("From", "+33611113333"), ("Digits", "2")));
        Assert.Contains("laisser un message sur ce numéro", message.Single("Gather").Value, StringComparison.Ordinal);
        var unclear = await app.PostAsync("/telephony/twilio/callback-message?attempt=1", Twiml.Fields(callSid, ("Digits", "7")));
        Assert.Equal("/telephony/twilio/callback-message?attempt=2", unclear.Single("Gather").PathOf("action", app));
        var when = await app.PostAsync("/telephony/twilio/callback-message?attempt=2", Twiml.Fields(callSid, ("Digits", "2")));
        Assert.Contains("sans risque", when.Single("Gather").Value, StringComparison.Ordinal);
        Assert.Equal("/telephony/twilio/callback-time?attempt=1", when.Single("Gather").PathOf("action", app));
        var confirmed = await app.PostAsync("/telephony/twilio/callback-time?attempt=1", Twiml.Fields(callSid, ("Digits", "3")));

        Assert.Contains("vous rappellera", confirmed.Said(), StringComparison.Ordinal);
        confirmed.Single("Hangup");
        var call = await app.FindCallAsync(callSid);
        Assert.Equal(CallStatus.CallbackRequested, call!.Status);
        Assert.False(call.CallbackMessageAllowed);
        Assert.Equal(CallbackWindow.Afternoon, call.CallbackWindow);
        Assert.Contains(call.Events, e => e.Detail == "message=not-allowed window=Afternoon");
    }

    /// <summary>
    /// Spoken length at Polly.Lea's pace, pessimistic: 5 syllables a second, every written vowel group counted as a
    /// syllable (mute e included, so the real rate is nearer 4.5), digits and acronyms letter by letter, half a
    /// second per full stop and a quarter per comma, semicolon or colon.
    /// </summary>
    internal static double SpokenSeconds(string text)
    {
        var syllables = 0;
        foreach (var word in WordPattern().Matches(text).Select(match => match.Value))
        {
            syllables += word.All(char.IsAsciiDigit) || (word.Length > 1 && word.All(char.IsUpper))
                ? word.Length
                : Math.Max(1, VowelGroups().Count(word.ToLowerInvariant()));
        }

        var stops = text.Count(c => c is '.' or '!' or '?');
        var commas = text.Count(c => c is ',' or ';' or ':');
        return (syllables / 5.0) + (stops * 0.5) + (commas * 0.25);
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex WordPattern();

    [GeneratedRegex("[aeiouyàâäéèêëîïôöùûüÿœæ]+")]
    private static partial Regex VowelGroups();
}

/// <summary>The real opening hours, on Friday 29 January 2027 at 18:30 in Paris: the line reopens on Monday 1 February.</summary>
public sealed class ClosedBeforeTheFirstApp : HotlineAppFactory
{
    public ClosedBeforeTheFirstApp()
    {
        Settings["Telephony:AlwaysOpen"] = "false";
        Time = new FakeTimeProvider(new DateTimeOffset(2027, 1, 29, 17, 30, 0, TimeSpan.Zero));
    }
}

public sealed class ClosedMessageTests(ClosedBeforeTheFirstApp app) : IClassFixture<ClosedBeforeTheFirstApp>
{
    [Fact]
    public async Task The_closed_message_names_the_reopening_day_says_1er_and_paris_time_and_offers_a_callback_after_reopening()
    {
        var twiml = await app.PostAsync("/telephony/twilio/voice", Twiml.Fields(Twiml.NewCallSid()));

        Assert.Contains("Elle rouvrira le lundi 1er février à 9 heures, heure de Paris.", twiml.Said(), StringComparison.Ordinal);
        Assert.Contains("rappelé après la réouverture", twiml.Single("Gather").Value, StringComparison.Ordinal);
    }
}
