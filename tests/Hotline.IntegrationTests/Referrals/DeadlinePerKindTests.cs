using Hotline.Server.Triage;
using Hotline.Testing;

namespace Hotline.IntegrationTests.Referrals;

/// <summary>
/// <c>Referrals:Deadlines:&lt;Kind&gt;</c> through HTTP on the server's clock (a FakeTimeProvider): what the counsellor is
/// shown before sending, what the referral gets, what the receiving service's inbox shows.
/// </summary>
public sealed class DeadlinePerKindTests(ClockedReferralApp app) : IClassFixture<ClockedReferralApp>
{
    private static readonly string _prefectureDuty = new Server.Referrals.ReferralOptions().Deadlines.DepartementalCell.DutyContact!;

    /// <summary>Paris time when sent; where (Arles: the departmental cell; Tarascon: its CMER by its charter); urgent; deadline; duty contact.</summary>
    private static readonly (string Sent, TriageOutcome Outcome, string Commune, bool Urgent, string Expected, bool Duty)[] _table =
    [
        // Tuesday 9 June 2026, 3 a.m.: the préfecture is closed; its 4 office hours run from 09:00, its duty contact is shown.
        ("2026-06-09T03:00:00+02:00", TriageOutcome.ReferToDepartementalCell, "13004", true, "2026-06-09T13:00:00+02:00", true),
        // The same night, the CMER of Tarascon: it meets monthly, so urgent is 2 working days, not hours.
        ("2026-06-09T03:00:00+02:00", TriageOutcome.ReferToCommuneCell, "13108", true, "2026-06-11T03:00:00+02:00", false),
        ("2026-06-09T10:00:00+02:00", TriageOutcome.ReferToDepartementalCell, "13004", true, "2026-06-09T14:00:00+02:00", false),
        ("2026-06-09T10:00:00+02:00", TriageOutcome.ReferToDepartementalCell, "13004", false, "2026-06-11T10:00:00+02:00", false),
        ("2026-06-09T10:00:00+02:00", TriageOutcome.ReferToCommuneCell, "13108", false, "2026-06-23T10:00:00+02:00", false),
        // Saturday night before a weekday: Monday 13:00 for the préfecture, duty contact meanwhile.
        ("2026-06-13T23:00:00+02:00", TriageOutcome.ReferToDepartementalCell, "13004", true, "2026-06-15T13:00:00+02:00", true),
        // Wednesday evening before Ascension (Thursday 6 May 2027): Friday 13:00.
        ("2027-05-05T19:00:00+02:00", TriageOutcome.ReferToDepartementalCell, "13004", true, "2027-05-07T13:00:00+02:00", true),
    ];

    [Fact]
    public async Task Each_kind_gets_its_deadline_and_a_closed_prefecture_its_duty_contact()
    {
        foreach (var row in _table)
        {
            var sent = DateTimeOffset.Parse(row.Sent, System.Globalization.CultureInfo.InvariantCulture);
            app.Clock.SetUtcNow(sent.ToUniversalTime());
            // (The sign-in cookie lasts 10 hours of the same clock: sign in again after each jump.)
            using var counsellor = await app.SignInAsync("counsellor1");
            var callId = await app.TriagedCallAsync(counsellor, row.Outcome, row.Commune, consent: true, urgency: row.Urgent ? "immediate-danger" : "concern");
            var expected = DateTimeOffset.Parse(row.Expected, System.Globalization.CultureInfo.InvariantCulture);

            // Before sending, the counsellor sees the deadline it would get and whom to call meanwhile.
            var routing = await counsellor.RoutingAsync(callId);
            Assert.Equal(expected, routing.Deadline!.By);
            Assert.Equal(row.Duty ? _prefectureDuty : null, routing.Deadline.DutyContact);

            var receipt = await counsellor.SendAsync(callId);
            Assert.Equal(row.Urgent, receipt.Referral.Urgent);
            Assert.Equal(expected, receipt.Referral.AcknowledgeBy);
            Assert.Equal(row.Duty ? _prefectureDuty : null, receipt.Referral.DutyContact);

            // The receiving service reads the same deadline and duty contact in its inbox.
            using var reader = await app.SignInAsync(row.Outcome == TriageOutcome.ReferToCommuneCell ? "cmer-tarascon" : "coordinator13");
            var card = (await reader.InboxAsync()).Items.Single(r => r.Id == receipt.Referral.Id);
            Assert.Equal(expected, card.AcknowledgeBy);
            Assert.Equal(row.Duty ? _prefectureDuty : null, card.DutyContact);
            Assert.False(card.Overdue);
        }
    }
}
