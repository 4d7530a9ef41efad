using Hotline.Server.Calls;
using Hotline.Server.LiveConsole;
using Hotline.Testing;

namespace Hotline.IntegrationTests.Telephony;

public sealed class IvrTests(HotlineAppFactory app) : IClassFixture<HotlineAppFactory>
{
    [Fact]
    public async Task The_greeting_is_french_short_and_gives_the_emergency_numbers_before_the_menu()
    {
        var callSid = Twiml.NewCallSid();

        var twiml = await app.PostAsync("/telephony/twilio/voice", Twiml.Fields(callSid));

        var says = twiml.Elements("Say").ToList();
        Assert.All(says, say =>
        {
            Assert.Equal("fr-FR", say.Attribute("language")?.Value);
            Assert.Equal("Polly.Lea", say.Attribute("voice")?.Value);
        });
        Assert.Contains("gratuit, anonyme et confidentiel", twiml.Said(), StringComparison.Ordinal);
        Assert.Contains("17 ou 112", twiml.Said(), StringComparison.Ordinal);
        var gather = twiml.Single("Gather");
        Assert.Equal("dtmf speech", gather.Attribute("input")?.Value);
        Assert.Equal("fr-FR", gather.Attribute("language")?.Value);
        Assert.Equal("/telephony/twilio/menu?attempt=1", gather.PathOf("action", app));
        // Silence never ends the call: a redirect follows the menu.
        Assert.Equal("Redirect", twiml.Elements().Last().Name.LocalName);

        var call = await app.FindCallAsync(callSid);
        Assert.Equal(CallStatus.InMenu, call!.Status);
        Assert.Contains(call.Events, e => e.Kind == CallEventKind.Entered);
    }

    [Theory]
    [InlineData("1", null, CallMotive.Question)]
    [InlineData("2", null, CallMotive.Signal)]
    [InlineData(null, "je voudrais signaler", CallMotive.Signal)]
    public async Task Each_menu_choice_sets_the_motive_and_asks_for_the_postal_code(string? digits, string? speech, CallMotive motive)
    {
        var callSid = Twiml.NewCallSid();
        await app.PostAsync("/telephony/twilio/voice", Twiml.Fields(callSid));
        var fields = Twiml.Fields(callSid);
        if (digits is not null)
        {
            fields["Digits"] = digits;
        }

        if (speech is not null)
        {
            fields["SpeechResult"] = speech;
        }

        var twiml = await app.PostAsync("/telephony/twilio/menu?attempt=1", fields);

        var gather = twiml.Single("Gather");
        Assert.Equal("5", gather.Attribute("numDigits")?.Value);
        Assert.Equal("#", gather.Attribute("finishOnKey")?.Value);
        Assert.Equal("/telephony/twilio/postal-code?attempt=1", gather.PathOf("action", app));
        Assert.DoesNotContain("17 ou 112", twiml.Said(), StringComparison.Ordinal);
        var call = await app.FindCallAsync(callSid);
        Assert.Equal(motive, call!.Motive);
        Assert.Equal(Call.PriorityOf(motive), call.Priority);
    }

    [Theory]
    [InlineData("")]
    [InlineData("9")]
    [InlineData("12")]
    public async Task No_input_or_an_invalid_key_twice_goes_straight_to_the_queue_as_unspecified(string digits)
    {
        var callSid = Twiml.NewCallSid();
        await app.PostAsync("/telephony/twilio/voice", Twiml.Fields(callSid));

        var retry = await app.PostAsync("/telephony/twilio/menu?attempt=1", Twiml.Fields(callSid, ("Digits", digits)));
        Assert.Contains("pas compris", retry.Said(), StringComparison.Ordinal);
        Assert.Equal("/telephony/twilio/menu?attempt=2", retry.Single("Gather").PathOf("action", app));

        var queued = await app.PostAsync("/telephony/twilio/menu?attempt=2", Twiml.Fields(callSid, ("Digits", digits)));

        var enqueue = queued.Single("Enqueue");
        Assert.Equal("hotline", enqueue.Value);
        Assert.Equal("/telephony/twilio/wait", enqueue.PathOf("waitUrl", app));
        Assert.Equal("/telephony/twilio/queue-result", enqueue.PathOf("action", app));
        Assert.DoesNotContain(queued.Elements(), e => e.Name.LocalName == "Hangup");
        var call = await app.FindCallAsync(callSid);
        Assert.Equal(CallStatus.Queued, call!.Status);
        Assert.Equal(CallMotive.Unspecified, call.Motive);
        Assert.NotNull(call.QueuedAt);
        Assert.Contains(call.Events, e => e.Kind == CallEventKind.Queued);
    }

    [Theory]
    [InlineData("13150", CallLocation.Resolved, "13", "13108")]       // Tarascon (also Boulbon, Saint-Pierre-de-Mézoargues)
    [InlineData("13007", CallLocation.Resolved, "13", "13207")]       // postal 13007 = Marseille 7e, not Auriol (INSEE 13007)
    [InlineData("13390", CallLocation.Resolved, "13", "13007")]       // Auriol
    [InlineData("75116", CallLocation.Resolved, "75", "75116")]       // Paris 16e
    [InlineData("20000", CallLocation.Resolved, "2A", "2A004")]       // Ajaccio
    [InlineData("97400", CallLocation.Resolved, "974", "97411")]      // Saint-Denis (La Réunion)
    [InlineData("13780", CallLocation.Ambiguous, null, "13030")]      // Cuges-les-Pins (13) and Riboux (83)
    [InlineData("99999", CallLocation.Unknown, null, null)]
    [InlineData("", CallLocation.NotGiven, null, null)]
    public async Task The_postal_code_resolves_with_the_official_geography(string postalCode, CallLocation location, string? departement, string? likeliestCommune)
    {
        var callSid = Twiml.NewCallSid();

        var twiml = await app.CallIntoQueueAsync(callSid, "2", postalCode);

        twiml.Single("Enqueue");
        var call = await app.FindCallAsync(callSid);
        Assert.Equal(CallStatus.Queued, call!.Status);
        Assert.Equal(location, call.Location);
        Assert.Equal(departement, call.DepartementCode);
        // Several communes may share the code: the most populous comes first, the counsellor chooses.
        Assert.Equal(likeliestCommune, call.CommuneCode ?? call.CandidateCommuneCodes.FirstOrDefault());
        if (call.CommuneCode is not null)
        {
            Assert.Equal([call.CommuneCode], call.CandidateCommuneCodes);
        }

        if (location == CallLocation.Ambiguous)
        {
            Assert.True(call.CandidateCommuneCodes.Count >= 2);
            Assert.Equal("13780", call.PostalCode);
        }
    }

    [Fact]
    public async Task A_postal_code_of_the_wrong_length_is_asked_again_once_then_kept_as_unknown()
    {
        var callSid = Twiml.NewCallSid();
        await app.PostAsync("/telephony/twilio/voice", Twiml.Fields(callSid));
        await app.PostAsync("/telephony/twilio/menu?attempt=1", Twiml.Fields(callSid, ("Digits", "1")));

        var retry = await app.PostAsync("/telephony/twilio/postal-code?attempt=1", Twiml.Fields(callSid, ("Digits", "131")));
        Assert.Contains("cinq chiffres", retry.Said(), StringComparison.Ordinal);
        Assert.Equal("/telephony/twilio/postal-code?attempt=2", retry.Single("Gather").PathOf("action", app));

        var queued = await app.PostAsync("/telephony/twilio/postal-code?attempt=2", Twiml.Fields(callSid, ("Digits", "131")));
        queued.Single("Enqueue");
        var call = await app.FindCallAsync(callSid);
        Assert.Equal(CallLocation.Unknown, call!.Location);
        Assert.Null(call.PostalCode);
    }

    [Fact]
    public async Task The_caller_number_is_stored_only_as_a_keyed_hash_that_recognises_a_repeat_caller()
    {
        var first = Twiml.NewCallSid();
        var second = Twiml.NewCallSid();
        var withheld = Twiml.NewCallSid();

        await app.PostAsync("/telephony/twilio/voice", Twiml.Fields(first, ("From", "+33 6 11 22 33 44")));
        await app.PostAsync("/telephony/twilio/voice", Twiml.Fields(second, ("From", "0611223344")));
        await app.PostAsync("/telephony/twilio/voice", Twiml.Fields(withheld, ("From", "anonymous")));

        var a = await app.FindCallAsync(first);
        var b = await app.FindCallAsync(second);
        Assert.NotNull(a!.CallerHash);
        Assert.Equal(a.CallerHash, b!.CallerHash);
        Assert.DoesNotContain("611223344", a.CallerHash, StringComparison.Ordinal);
        Assert.Null((await app.FindCallAsync(withheld))!.CallerHash);
    }

    [Fact]
    public async Task A_repeated_voice_webhook_does_not_create_a_second_call()
    {
        var callSid = Twiml.NewCallSid();
        await app.PostAsync("/telephony/twilio/voice", Twiml.Fields(callSid));
        var again = await app.PostAsync("/telephony/twilio/voice", Twiml.Fields(callSid));

        again.Single("Gather");
        var call = await app.FindCallAsync(callSid);
        Assert.Single(call!.Events, e => e.Kind == CallEventKind.Entered);
    }
}

/// <summary>The English prompts exist to test the mechanism of the prompt catalogue.</summary>
public sealed class EnglishPromptsApp : HotlineAppFactory
{
    public EnglishPromptsApp() => Settings["Telephony:Language"] = "en";
}

public sealed class EnglishPromptsTests(EnglishPromptsApp app) : IClassFixture<EnglishPromptsApp>
{
    [Fact]
    public async Task The_language_setting_switches_every_prompt_and_voice()
    {
        var twiml = await app.PostAsync("/telephony/twilio/voice", Twiml.Fields(Twiml.NewCallSid()));

        Assert.All(twiml.Descendants("Say"), say => Assert.Equal("en-GB", say.Attribute("language")?.Value));
        Assert.Contains("dial 17 or 112", twiml.Said(), StringComparison.Ordinal);
        Assert.Equal("en-GB", twiml.Single("Gather").Attribute("language")?.Value);
    }
}
