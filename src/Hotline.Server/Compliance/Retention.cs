using Hotline.Server.Hosting;
using System.ComponentModel.DataAnnotations;
using Hotline.Server.Data;
using Hotline.Server.Calls;
using Hotline.Server.Referrals;
using Hotline.Server.Telephony.TwilioRest;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hotline.Server.Compliance;

/// <summary>Section <c>Retention</c>: how long personal data is kept. Records under legal hold are never touched.</summary>
public sealed class RetentionOptions
{
    /// <summary>Calls that led to no follow-up are anonymised after this (whistleblowing référentiel: 2 months).</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00", ErrorMessage = "Retention:CallsWithoutFollowUp must be between 1 day and 10 years.")]
    public TimeSpan CallsWithoutFollowUp { get; set; } = TimeSpan.FromDays(61);

    /// <summary>Voicemail recordings are deleted from Twilio and from us after this.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "365.00:00:00", ErrorMessage = "Retention:Recordings must be between 1 day and 1 year.")]
    public TimeSpan Recordings { get; set; } = TimeSpan.FromDays(30);

    /// <summary>A number kept for a callback is deleted after this even if the callback never succeeded.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "365.00:00:00", ErrorMessage = "Retention:CallbackNumbers must be between 1 day and 1 year.")]
    public TimeSpan CallbackNumbers { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// A call whose referrals are all over (the last one closed this long ago) is anonymised with its triage,
    /// and the referrals lose their notes and reasons; the referrals themselves stay for the statistics.
    /// </summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00", ErrorMessage = "Retention:ClosedReferrals must be between 1 day and 10 years.")]
    public TimeSpan ClosedReferrals { get; set; } = TimeSpan.FromDays(365);

    /// <summary>
    /// A referral never closed, with no activity (change of state, note) for this long, is treated as over: it is
    /// anonymised like a closed one, with its call and triage (it was escalated before, at <c>Referrals:MaxOpen</c>).
    /// </summary>
    [Range(typeof(TimeSpan), "30.00:00:00", "3650.00:00:00", ErrorMessage = "Retention:StaleReferrals must be between 30 days and 10 years.")]
    public TimeSpan StaleReferrals { get; set; } = TimeSpan.FromDays(365);

    /// <summary>A message from the contact page (its text and contact details) is deleted after this, unless a referral was made.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "365.00:00:00", ErrorMessage = "Retention:WebContacts must be between 1 day and 1 year.")]
    public TimeSpan WebContacts { get; set; } = TimeSpan.FromDays(30);
}

/// <param name="Skipped">Another instance was running a pass (PostgreSQL advisory lock): this one did nothing.</param>
public sealed record RetentionReport(int CallsAnonymised, int RecordingsDeleted, int RecordingsFailed, int CallbackNumbersDeleted, int ReferredCallsAnonymised = 0, int WebContactsDeleted = 0, bool Skipped = false);

/// <summary>Applies the retention rules daily (TimeProvider), logs counts only, skips records under legal hold.</summary>
public sealed class RetentionJob(IServiceScopeFactory scopes, TimeProvider time, ILogger<RetentionJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var timer = new ClockTicker(TimeSpan.FromDays(1), time);
        do
        {
            try
            {
                var report = await RunOnceAsync(stoppingToken);
                if (report.Skipped)
                {
                    logger.LogInformation("Retention pass skipped: another instance is running it");
                    continue;
                }

                logger.LogInformation("Retention: {CallsAnonymised} calls without follow-up and {ReferredCallsAnonymised} calls with closed referrals anonymised, {RecordingsDeleted} recordings deleted ({RecordingsFailed} to retry), {CallbackNumbersDeleted} callback numbers and {WebContactsDeleted} web messages deleted",
                    report.CallsAnonymised, report.ReferredCallsAnonymised, report.RecordingsDeleted, report.RecordingsFailed, report.CallbackNumbersDeleted, report.WebContactsDeleted);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "Retention pass failed; retrying tomorrow");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<RetentionReport> RunOnceAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await RunPassAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<RetentionReport> RunPassAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        // Every instance runs the daily pass; one at a time, so that a recording is deleted at Twilio once and counts are true.
        await using var jobLock = await JobLocks.TryTakeAsync(db, Job.Retention, cancellationToken);
        if (jobLock is null)
        {
            return new RetentionReport(0, 0, 0, 0, Skipped: true);
        }

        var twilio = scope.ServiceProvider.GetRequiredService<TwilioApi>();
        var options = scope.ServiceProvider.GetRequiredService<IOptions<RetentionOptions>>().Value;
        var referralOptions = scope.ServiceProvider.GetRequiredService<IOptions<ReferralOptions>>().Value;
        var now = time.GetUtcNow();

        // Recordings first: deleted at Twilio, then forgotten here; a failure is retried next day.
        var recordingCutoff = now - options.Recordings;
        var recordings = await db.Calls
            .Where(c => !c.LegalHold && c.RecordingSid != null && c.ReceivedAt < recordingCutoff)
            .ToListAsync(cancellationToken);
        var deleted = 0;
        var failed = 0;
        foreach (var call in recordings)
        {
            if (await twilio.DeleteRecordingAsync(call.RecordingSid!, cancellationToken) is DeleteRecordingResult.Deleted)
            {
                call.RecordingSid = null;
                call.RecordingUrl = null;
                deleted++;
            }
            else
            {
                failed++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);

        var numbers = await db.Calls
            .Where(c => !c.LegalHold && c.ProtectedCallbackNumber != null && c.ReceivedAt < now - options.CallbackNumbers)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.ProtectedCallbackNumber, (string?)null), cancellationToken);

        // Messages from the contact page: the text and contact details go, the item's statistics stay.
        var webCutoff = now - options.WebContacts;
        var expiredWebCalls = db.Calls.Where(c => !c.LegalHold && c.Status == CallStatus.WebMessage && c.ReceivedAt < webCutoff
            && !db.Referrals.Any(r => r.CallId == c.Id));
        var webContacts = await db.WebContacts.Where(w => expiredWebCalls.Any(c => c.Id == w.CallId)).ExecuteDeleteAsync(cancellationToken);
        await AnonymiseAsync(expiredWebCalls.Where(c => c.AnonymisedAt == null), now, cancellationToken);

        // Calls that ended long enough ago and led nowhere (no referral): keep the statistics, drop what could identify.
        var callCutoff = now - options.CallsWithoutFollowUp;
        var anonymised = await AnonymiseAsync(db.Calls
            .Where(c => !c.LegalHold && c.AnonymisedAt == null && (c.EndedAt ?? c.ReceivedAt) < callCutoff
                && (c.Status == CallStatus.Completed || c.Status == CallStatus.Abandoned || c.HandledAt != null)
                && !db.Referrals.Any(r => r.CallId == c.Id)), now, cancellationToken);

        // Calls whose referrals are all over: none still open, none closed recently (a redirection is over
        // when its follow-on is, so a chain counts from its last closing; a recalled one kept no content and is over).
        // A referral never closed and untouched for Retention:StaleReferrals counts as over too.
        var referralCutoff = now - options.ClosedReferrals;
        var staleCutoff = now - options.StaleReferrals;
        var followedUp = db.Calls.Where(c => !c.LegalHold && c.AnonymisedAt == null
            && db.Referrals.Any(r => r.CallId == c.Id)
            && !db.Referrals.Any(r => r.CallId == c.Id && r.State != ReferralState.Redirected && r.State != ReferralState.Recalled
                && (r.State != ReferralState.Closed || r.ClosedAt == null || r.ClosedAt >= referralCutoff)
                && !(r.State != ReferralState.Closed && r.SentAt < staleCutoff
                    && !db.ReferralEvents.Any(e => e.ReferralId == r.Id && e.At >= staleCutoff)
                    && !db.ReferralNotes.Any(n => n.ReferralId == r.Id && n.At >= staleCutoff))));
        // Each step is idempotent: a pass stopped half-way is finished by the next one.
        var expired = await followedUp.Select(c => c.Id).ToListAsync(cancellationToken);
        await ReferralAnonymisation.AnonymiseAsync(db, expired, referralOptions.TimeZone, now, cancellationToken);
        var referredAnonymised = await AnonymiseAsync(db.Calls.Where(c => expired.Contains(c.Id)), now, cancellationToken);

        // A web message kept for its referral loses its text and contact details with the rest of the call.
        webContacts += await db.WebContacts.Where(w => db.Calls.Any(c => c.Id == w.CallId && c.AnonymisedAt != null))
            .ExecuteDeleteAsync(cancellationToken);

        // Their triage goes with them: the summary and what could identify the person; outcome, urgency,
        // signs and département stay for the statistics.
        await db.Triages
            .Where(t => db.Calls.Any(c => c.Id == t.CallId && c.AnonymisedAt != null)
                && (t.ProtectedSummary != null || t.ConcernedAge != null || t.ConcernedCommuneCode != null))
            .ExecuteUpdateAsync(set => set
                .SetProperty(t => t.ProtectedSummary, (string?)null)
                .SetProperty(t => t.ConcernedAge, (int?)null)
                .SetProperty(t => t.ConcernedCommuneCode, (string?)null), cancellationToken);

        return new RetentionReport(anonymised, deleted, failed, numbers, referredAnonymised, webContacts);
    }

    private static Task<int> AnonymiseAsync(IQueryable<Call> calls, DateTimeOffset now, CancellationToken cancellationToken) =>
        calls.ExecuteUpdateAsync(set => set
            .SetProperty(c => c.CallerHash, (string?)null)
            .SetProperty(c => c.PostalCode, (string?)null)
            .SetProperty(c => c.CommuneCode, (string?)null)
            .SetProperty(c => c.CandidateCommuneCodes, new List<string>())
            .SetProperty(c => c.ProtectedCallbackNumber, (string?)null)
            .SetProperty(c => c.AnonymisedAt, now), cancellationToken);
}
