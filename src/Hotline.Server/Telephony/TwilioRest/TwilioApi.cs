// Long file: every Twilio REST operation, each with its own repeat-safety decision, over one shared timeout and error policy.
using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;
using Newtonsoft.Json;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Twilio.Clients;
using Twilio.Exceptions;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Rest.Api.V2010.Account.Queue;
using Twilio.Types;
using TwilioHttpMethod = Twilio.Http.HttpMethod;

namespace Hotline.Server.Telephony.TwilioRest;

/// <summary>
/// The Twilio REST operations Hotline performs, each bounded by <see cref="TwilioRestOptions.TotalTimeout"/>
/// and each deciding for itself whether it is safe to repeat. Results are values, never exceptions
/// (except the caller's own cancellation). Logs name call, queue and recording sids, never a phone number.
/// </summary>
public sealed class TwilioApi(
    IHttpClientFactory httpClients,
    IOptions<TwilioOptions> twilio,
    IOptions<TwilioRestOptions> rest,
    TimeProvider time,
    ILogger<TwilioApi> logger)
{
    public const string HttpClientName = "Twilio";

    /// <summary>
    /// Our clock and Twilio's differ slightly and Twilio's dates have whole seconds: a call created by
    /// our request may carry a date_created a little before the moment we sent it.
    /// </summary>
    private static readonly TimeSpan CreationSkew = TimeSpan.FromSeconds(5);

    private static readonly List<string> StatusEvents = ["initiated", "ringing", "answered", "completed"];

    private readonly TwilioOptions _twilio = twilio.Value;
    private readonly TwilioRestOptions _rest = rest.Value;
    private readonly ConcurrentDictionary<string, CachedQueue> _queues = new(StringComparer.Ordinal);

    /// <summary>
    /// Takes one caller out of a queue and sends their call to <paramref name="connectUrl"/> (POST).
    /// </summary>
    /// <remarks>
    /// The POST is not repeated blindly: if it timed out or the connection dropped, Twilio may have done it.
    /// So we read the member. Still in the queue: our request did not take effect, and one more try is
    /// safe (at worst it answers 404 because the first one landed late, reported as Unknown). Gone: we
    /// report Dequeued, unconfirmed. It was almost certainly our request (a hang-up in the same second is
    /// rare), and the two mistakes cost differently: believing a dequeued caller gone leaves them connected
    /// to a counsellor who does not expect them, while believing a hung-up caller dequeued costs the
    /// counsellor a wait that ends with the call's status callback.
    /// </remarks>
    public async Task<DequeueResult> DequeueAsync(string queueSid, string callSid, Uri connectUrl, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(queueSid);
        ArgumentException.ThrowIfNullOrEmpty(callSid);
        ArgumentNullException.ThrowIfNull(connectUrl);
        using var deadline = new Deadline(_rest.TotalTimeout, time, cancellationToken);

        var first = await UpdateMemberAsync(queueSid, callSid, connectUrl, deadline);
        var result = first.Kind switch
        {
            ReplyKind.Ok => new DequeueResult.Dequeued(Confirmed: true),
            ReplyKind.NotFound => new DequeueResult.CallerGone(),
            ReplyKind.Unknown => null,
            _ => (DequeueResult)new DequeueResult.Failed($"Twilio did not dequeue the caller ({first.Detail})."),
        };
        if (result is null)
        {
            result = await ReconcileDequeueAsync(queueSid, callSid, connectUrl, first, deadline);
        }

        logger.LogInformation("Dequeue of {CallSid} from {QueueSid}: {Result}", callSid, queueSid, result);
        return result;
    }

    /// <summary>
    /// Calls someone back: Twilio dials <paramref name="to"/> from <paramref name="from"/> and fetches
    /// <paramref name="twimlUrl"/> when they answer. Never creates two calls for one request.
    /// </summary>
    /// <remarks>
    /// Creating a call is not idempotent and Twilio takes no idempotency key, so the POST is repeated only
    /// when Twilio proves it did nothing (429, 503). After a timeout, a dropped connection or another 5xx,
    /// we wait <see cref="TwilioRestOptions.ReconcileDelay"/> and list the calls to that number from our
    /// number created since just before our request; only when there is none do we try once more.
    /// The list is read by number and filtered on date_created here, not with Twilio's StartTime filter:
    /// that one has day granularity and a call still queued at Twilio has no start time yet.
    /// </remarks>
    /// <param name="detectMachine">Asks Twilio's answering-machine detection (a discreet callback hangs up on a machine).</param>
    public async Task<CreateCallResult> CreateCallAsync(string to, string from, Uri twimlUrl, Uri statusCallback, bool detectMachine = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(to);
        ArgumentException.ThrowIfNullOrEmpty(from);
        ArgumentNullException.ThrowIfNull(twimlUrl);
        ArgumentNullException.ThrowIfNull(statusCallback);
        using var deadline = new Deadline(_rest.TotalTimeout, time, cancellationToken);
        var since = time.GetUtcNow() - CreationSkew;

        var first = await CreateAsync(to, from, twimlUrl, statusCallback, detectMachine, deadline);
        CreateCallResult result;
        switch (first.Kind)
        {
            case ReplyKind.Ok when first.Value?.Sid is { Length: > 0 } sid:
                result = new CreateCallResult.Created(sid, Confirmed: true);
                break;
            case ReplyKind.Ok:
                // Accepted (2xx) but the answer was unreadable: the call exists, only its sid is missing.
                var accepted = await FindCreatedCallAsync(to, from, since, deadline);
                result = accepted is { Kind: ReplyKind.Ok, Value: { } found }
                    ? new CreateCallResult.Created(found, Confirmed: false)
                    : new CreateCallResult.Unknown($"Twilio accepted the call but its answer could not be read ({first.Detail}).");
                break;
            case ReplyKind.Unknown:
                result = await ReconcileCreateAsync(to, from, twimlUrl, statusCallback, detectMachine, since, first, deadline);
                break;
            default:
                result = new CreateCallResult.Failed($"Twilio did not create the call ({first.Detail}).");
                break;
        }

        logger.LogInformation("Callback call: {Result}", result);
        return result;
    }

    /// <summary>Deletes a recording; one that is already gone counts as deleted.</summary>
    public async Task<DeleteRecordingResult> DeleteRecordingAsync(string recordingSid, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(recordingSid);
        using var deadline = new Deadline(_rest.TotalTimeout, time, cancellationToken);

        // Deleting twice is harmless (the second gets 404), so the pipeline may retry it after a timeout.
        var reply = await SendAsync("recording-delete", RepeatPolicy.Always, deadline,
            client => RecordingResource.DeleteAsync(pathSid: recordingSid, client: client));
        DeleteRecordingResult result = reply.Kind switch
        {
            ReplyKind.Ok => new DeleteRecordingResult.Deleted(AlreadyGone: false),
            ReplyKind.NotFound => new DeleteRecordingResult.Deleted(AlreadyGone: true),
            _ => new DeleteRecordingResult.Failed($"The recording may still exist ({reply.Detail})."),
        };
        logger.LogInformation("Deletion of recording {RecordingSid}: {Result}", recordingSid, result);
        return result;
    }

    /// <summary>
    /// Hangs up a call (Calls resource, Status=completed). Repeating it is harmless (a finished call stays completed,
    /// or answers 404), so the pipeline may retry it after a timeout. Twilio refuses (400, error 21220) to complete
    /// a call that is no longer in progress: the call is then read, and one that has ended is reported already over.
    /// </summary>
    public async Task<HangUpResult> HangUpAsync(string callSid, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(callSid);
        using var deadline = new Deadline(_rest.TotalTimeout, time, cancellationToken);
        var reply = await SendAsync("hang-up", RepeatPolicy.Always, deadline,
            client => CallResource.UpdateAsync(pathSid: callSid, status: CallResource.UpdateStatusEnum.Completed, client: client));
        HangUpResult result = reply.Kind switch
        {
            ReplyKind.Ok => new HangUpResult.Ended(AlreadyOver: false),
            ReplyKind.NotFound => new HangUpResult.Ended(AlreadyOver: true),
            ReplyKind.Refused => await CheckRefusedHangUpAsync(callSid, reply.Detail, deadline),
            _ => new HangUpResult.Failed($"The call may still be going on ({reply.Detail})."),
        };
        logger.LogInformation("Hang-up of call {CallSid}: {Result}", callSid, result);
        return result;
    }

    private async Task<HangUpResult> CheckRefusedHangUpAsync(string callSid, string refusal, Deadline deadline)
    {
        var fetched = await SendAsync("hang-up-check", RepeatPolicy.Always, deadline,
            client => CallResource.FetchAsync(pathSid: callSid, client: client));
        return fetched switch
        {
            { Kind: ReplyKind.NotFound } => new HangUpResult.Ended(AlreadyOver: true),
            { Kind: ReplyKind.Ok, Value.Status: { } status } when IsOver(status) => new HangUpResult.Ended(AlreadyOver: true),
            { Kind: ReplyKind.Ok } => new HangUpResult.Failed($"Twilio refused the hang-up of a call still going on ({refusal})."),
            _ => new HangUpResult.Failed($"Twilio refused the hang-up ({refusal}) and the call could not be read ({fetched.Detail})."),
        };
    }

    private static bool IsOver(CallResource.StatusEnum status) =>
        status == CallResource.StatusEnum.Completed || status == CallResource.StatusEnum.Busy || status == CallResource.StatusEnum.Failed
        || status == CallResource.StatusEnum.NoAnswer || status == CallResource.StatusEnum.Canceled;

    /// <summary>The sid (QU…) of the queue with this friendly name, kept for <see cref="TwilioRestOptions.QueueCacheDuration"/>.</summary>
    public async Task<QueueLookupResult> FindQueueSidAsync(string queueName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(queueName);
        if (_queues.TryGetValue(queueName, out var cached) && cached.Until > time.GetUtcNow())
        {
            return new QueueLookupResult.Found(cached.Sid);
        }

        using var deadline = new Deadline(_rest.TotalTimeout, time, cancellationToken);
        var reply = await SendAsync("queue-lookup", RepeatPolicy.Always, deadline, async client =>
        {
            // An account has a handful of queues: one page of 1000 holds them all. Were there more, the
            // SDK would fetch the next pages synchronously while enumerating (still within this context).
            var queues = await QueueResource.ReadAsync(new ReadQueueOptions { PageSize = 1000 }, client);
            return queues.FirstOrDefault(queue => string.Equals(queue.FriendlyName, queueName, StringComparison.Ordinal))?.Sid;
        });

        switch (reply.Kind)
        {
            case ReplyKind.Ok when reply.Value is { Length: > 0 } sid:
                // Only found sids are kept: a queue Twilio creates on first <Enqueue> must be found then.
                _queues[queueName] = new CachedQueue(sid, time.GetUtcNow() + _rest.QueueCacheDuration);
                return new QueueLookupResult.Found(sid);
            case ReplyKind.Ok:
                return new QueueLookupResult.NotFound();
            default:
                logger.LogWarning("Looking up queue {QueueName} failed: {Detail}", queueName, reply.Detail);
                return new QueueLookupResult.Failed($"The queue list could not be read ({reply.Detail}).");
        }
    }

    private async Task<DequeueResult> ReconcileDequeueAsync(string queueSid, string callSid, Uri connectUrl, Reply<MemberResource> first, Deadline deadline)
    {
        logger.LogWarning("Dequeue of {CallSid} has an unknown outcome ({Detail}): reading the queue member before anything else", callSid, first.Detail);
        var member = await SendAsync("dequeue-check", RepeatPolicy.Always, deadline,
            client => MemberResource.FetchAsync(pathQueueSid: queueSid, pathCallSid: callSid, client: client));
        switch (member.Kind)
        {
            case ReplyKind.NotFound:
                return new DequeueResult.Dequeued(Confirmed: false);
            case ReplyKind.Ok:
                break;
            default:
                return new DequeueResult.Unknown($"The dequeue request went unanswered ({first.Detail}) and the queue could not be checked ({member.Detail}).");
        }

        var second = await UpdateMemberAsync(queueSid, callSid, connectUrl, deadline);
        return second.Kind switch
        {
            ReplyKind.Ok => new DequeueResult.Dequeued(Confirmed: true),
            // Gone between our check and our second try: our first request landing late, or a hang-up.
            ReplyKind.NotFound => new DequeueResult.Unknown("The caller left the queue while we retried: either our first request or a hang-up."),
            ReplyKind.Unknown => new DequeueResult.Unknown($"The dequeue request went unanswered twice ({second.Detail})."),
            _ => new DequeueResult.Failed($"Twilio did not dequeue the caller ({second.Detail})."),
        };
    }

    private async Task<CreateCallResult> ReconcileCreateAsync(
        string to, string from, Uri twimlUrl, Uri statusCallback, bool detectMachine, DateTimeOffset since, Reply<CallResource> first, Deadline deadline)
    {
        logger.LogWarning("Callback call creation has an unknown outcome ({Detail}): listing recent calls before anything else", first.Detail);
        try
        {
            await Task.Delay(_rest.ReconcileDelay, time, deadline.Token);
        }
        catch (OperationCanceledException)
        {
            deadline.Caller.ThrowIfCancellationRequested();
            return new CreateCallResult.Unknown($"The call request went unanswered ({first.Detail}) and there was no time left to check.");
        }

        var existing = await FindCreatedCallAsync(to, from, since, deadline);
        if (existing.Kind != ReplyKind.Ok)
        {
            return new CreateCallResult.Unknown($"The call request went unanswered ({first.Detail}) and recent calls could not be read ({existing.Detail}).");
        }

        if (existing.Value is { } found)
        {
            return new CreateCallResult.Created(found, Confirmed: false);
        }

        var second = await CreateAsync(to, from, twimlUrl, statusCallback, detectMachine, deadline);
        return second.Kind switch
        {
            ReplyKind.Ok when second.Value?.Sid is { Length: > 0 } sid => new CreateCallResult.Created(sid, Confirmed: true),
            ReplyKind.Ok => new CreateCallResult.Unknown($"Twilio accepted the second call request but its answer could not be read ({second.Detail})."),
            ReplyKind.Unknown => new CreateCallResult.Unknown($"The call request went unanswered twice ({second.Detail})."),
            _ => new CreateCallResult.Failed($"Twilio did not create the call ({second.Detail})."),
        };
    }

    private Task<Reply<MemberResource>> UpdateMemberAsync(string queueSid, string callSid, Uri connectUrl, Deadline deadline) =>
        SendAsync("dequeue", RepeatPolicy.OnlyIfNotProcessed, deadline, client => MemberResource.UpdateAsync(
            pathQueueSid: queueSid, pathCallSid: callSid, url: connectUrl, method: TwilioHttpMethod.Post, client: client));

    private Task<Reply<CallResource>> CreateAsync(string to, string from, Uri twimlUrl, Uri statusCallback, bool detectMachine, Deadline deadline) =>
        SendAsync("callback", RepeatPolicy.OnlyIfNotProcessed, deadline, client => CallResource.CreateAsync(
            new CreateCallOptions(new PhoneNumber(to), new PhoneNumber(from))
            {
                Url = twimlUrl,
                Method = TwilioHttpMethod.Post,
                StatusCallback = statusCallback,
                StatusCallbackMethod = TwilioHttpMethod.Post,
                StatusCallbackEvent = StatusEvents,
                MachineDetection = detectMachine ? "Enable" : null,
            },
            client));

    /// <summary>The earliest call to <paramref name="to"/> from <paramref name="from"/> created since <paramref name="since"/>, if any.</summary>
    private Task<Reply<string?>> FindCreatedCallAsync(string to, string from, DateTimeOffset since, Deadline deadline) =>
        SendAsync("callback-check", RepeatPolicy.Always, deadline, async client =>
        {
            // Newest first; a number is called back a few times a day at most, so 20 is plenty.
            var calls = await CallResource.ReadAsync(new ReadCallOptions { To = new PhoneNumber(to), From = new PhoneNumber(from), PageSize = 20, Limit = 20 }, client);
            return calls
                .Where(call => call.DateCreated is { } created && AsUtc(created) >= since)
                .OrderBy(call => call.DateCreated)
                .Select(call => call.Sid)
                .FirstOrDefault();
        });

    /// <summary>
    /// Runs one SDK call with its context and turns every outcome into a <see cref="Reply{T}"/>. Only the
    /// caller's own cancellation escapes, as <see cref="OperationCanceledException"/>.
    /// </summary>
    private async Task<Reply<T>> SendAsync<T>(string operation, RepeatPolicy repeat, Deadline deadline, Func<ITwilioRestClient, Task<T>> call)
    {
        deadline.Caller.ThrowIfCancellationRequested();
        if (deadline.Token.IsCancellationRequested)
        {
            return new Reply<T>(ReplyKind.NotProcessed, default, "no time left, not sent");
        }

        var context = new TwilioRequestContext(operation, repeat, deadline.Token);
        TwilioRequestContext.Current = context;
        try
        {
            var value = await call(CreateClient());
            return new Reply<T>(ReplyKind.Ok, value, Describe(context.LastStatus, 0));
        }
        catch (ApiConnectionException exception)
        {
            deadline.Caller.ThrowIfCancellationRequested();
            return FromTransport<T>(exception, context.LastStatus);
        }
        catch (ApiException exception)
        {
            deadline.Caller.ThrowIfCancellationRequested();
            var status = context.LastStatus ?? (exception.Status > 0 ? (HttpStatusCode)exception.Status : null);
            return FromStatus<T>(status, exception.Code);
        }
        catch (JsonException)
        {
            // A 2xx whose body is not the JSON the SDK expects: it was done, the answer is unreadable.
            return FromStatus<T>(context.LastStatus, 0);
        }
        finally
        {
            TwilioRequestContext.Current = null;
        }
    }

    private static Reply<T> FromStatus<T>(HttpStatusCode? status, int twilioCode)
    {
        var detail = Describe(status, twilioCode);
        return (int?)status switch
        {
            >= 200 and < 300 => new Reply<T>(ReplyKind.Ok, default, detail + ", unreadable answer"),
            404 => new Reply<T>(ReplyKind.NotFound, default, detail),
            // Twilio refused before doing anything; the pipeline already retried what it could.
            429 or 503 => new Reply<T>(ReplyKind.NotProcessed, default, detail),
            >= 400 and < 500 => new Reply<T>(ReplyKind.Refused, default, detail),
            // 500, 502, 504 or no status at all: it may or may not have been done.
            _ => new Reply<T>(ReplyKind.Unknown, default, detail),
        };
    }

    private static Reply<T> FromTransport<T>(ApiConnectionException exception, HttpStatusCode? status)
    {
        for (Exception? inner = exception; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case BrokenCircuitException:
                    return new Reply<T>(ReplyKind.NotProcessed, default, "circuit open after repeated Twilio failures, not sent");
                case TimeoutRejectedException or OperationCanceledException:
                    return new Reply<T>(ReplyKind.Unknown, default, "timed out");
                case HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError }:
                    // The connection was never established, so the request never left.
                    return new Reply<T>(ReplyKind.NotProcessed, default, "Twilio unreachable, not sent");
                case HttpRequestException http:
                    return new Reply<T>(ReplyKind.Unknown, default, $"connection lost ({http.HttpRequestError})");
            }
        }

        return status is null
            ? new Reply<T>(ReplyKind.Unknown, default, "no answer")
            : FromStatus<T>(status, 0);
    }

    private static string Describe(HttpStatusCode? status, int twilioCode) =>
        (status, twilioCode) switch
        {
            (null, _) => "no HTTP status",
            (_, > 0) => $"HTTP {(int)status}, Twilio error {twilioCode}",
            _ => $"HTTP {(int)status}",
        };

    private static DateTimeOffset AsUtc(DateTime value) =>
        value.Kind == DateTimeKind.Unspecified ? new DateTimeOffset(value, TimeSpan.Zero) : new DateTimeOffset(value.ToUniversalTime());

    private TwilioRestClient CreateClient() =>
        // A client per operation: HttpClient instances from the factory are cheap and share pooled handlers.
        new(_twilio.AccountSid, _twilio.AuthToken, httpClient: new Twilio.Http.SystemNetHttpClient(httpClients.CreateClient(HttpClientName)));

    private enum ReplyKind
    {
        /// <summary>2xx (the value may be null when the body was unreadable).</summary>
        Ok,

        NotFound,

        /// <summary>Another 4xx: Twilio refused it, nothing was done.</summary>
        Refused,

        /// <summary>Twilio proved it did nothing (429, 503) or it was never sent (circuit open, no time left).</summary>
        NotProcessed,

        /// <summary>It may or may not have been done.</summary>
        Unknown,
    }

    private readonly record struct Reply<T>(ReplyKind Kind, T? Value, string Detail);

    private sealed record CachedQueue(string Sid, DateTimeOffset Until);

    /// <summary>The operation's time budget, linked with the caller's cancellation.</summary>
    private sealed class Deadline : IDisposable
    {
        private readonly CancellationTokenSource _budget;
        private readonly CancellationTokenSource _linked;

        public Deadline(TimeSpan budget, TimeProvider time, CancellationToken caller)
        {
            Caller = caller;
            _budget = new CancellationTokenSource(budget, time);
            _linked = CancellationTokenSource.CreateLinkedTokenSource(caller, _budget.Token);
        }

        public CancellationToken Caller { get; }

        public CancellationToken Token => _linked.Token;

        public void Dispose()
        {
            _linked.Dispose();
            _budget.Dispose();
        }
    }
}
