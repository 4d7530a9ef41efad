using System.Collections.Concurrent;
using Hotline.Telephony.Simulator.Calls;
using Hotline.Telephony.Simulator.Protocol;

namespace Hotline.Telephony.Simulator.Exchange;

/// <summary>A Twilio queue: created on demand by &lt;Enqueue&gt; or by the REST API.</summary>
public sealed class CallQueue
{
    internal CallQueue(string sid, string friendlyName, int maxSize, DateTimeOffset created)
    {
        Sid = sid;
        FriendlyName = friendlyName;
        MaxSize = maxSize;
        DateCreated = created;
        DateUpdated = created;
    }

    public string Sid { get; }

    public string FriendlyName { get; }

    public int MaxSize { get; internal set; }

    public DateTimeOffset DateCreated { get; }

    public DateTimeOffset DateUpdated { get; internal set; }

    internal List<QueueMember> Members { get; } = [];

    internal long LeftCount { get; set; }

    internal TimeSpan TotalWait { get; set; }
}

/// <summary>A call waiting in a queue. <see cref="EnqueuedAt"/> is simulated time.</summary>
public sealed class QueueMember(SimulatedCall call, CallQueue queue, DateTimeOffset dateEnqueued, TimeSpan enqueuedAt)
{
    public SimulatedCall Call { get; } = call;

    public CallQueue Queue { get; } = queue;

    public DateTimeOffset DateEnqueued { get; } = dateEnqueued;

    public TimeSpan EnqueuedAt { get; } = enqueuedAt;

    /// <summary>Simulated time the member left the queue, or null while it waits.</summary>
    public TimeSpan? LeftAt { get; internal set; }
}

public sealed record QueueMemberView(string CallSid, string QueueSid, DateTimeOffset DateEnqueued, int Position, TimeSpan WaitTime);

public sealed record QueueView(
    string Sid,
    string FriendlyName,
    int CurrentSize,
    int MaxSize,
    TimeSpan AverageWaitTime,
    DateTimeOffset DateCreated,
    DateTimeOffset DateUpdated);

public sealed record RecordingInfo(string Sid, string CallSid, Uri Url, TimeSpan Duration, DateTimeOffset DateCreated);

/// <summary>A phone number's voice configuration, as set through the REST API (configure-number).</summary>
public sealed record PhoneNumberConfig(
    string Sid,
    string PhoneNumber,
    string? VoiceUrl,
    string VoiceMethod,
    string? VoiceFallbackUrl,
    string VoiceFallbackMethod,
    string? StatusCallback,
    string StatusCallbackMethod,
    DateTimeOffset DateUpdated);

/// <summary>
/// The simulated Twilio's shared state: live calls, queues, recordings, phone numbers. The REST API reads and
/// changes it while calls run. Queue changes happen under one lock, so a caller cannot both leave a queue by
/// itself and be dequeued by the server.
/// </summary>
public sealed class Switchboard(string accountSid, SimulationClock clock)
{
    public const int DefaultMaxQueueSize = 1000;

    private readonly Lock _queueLock = new();
    private readonly Dictionary<string, CallQueue> _queuesByName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CallQueue> _queuesBySid = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SimulatedCall> _calls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RecordingInfo> _recordings = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PhoneNumberConfig> _numbers = new(StringComparer.Ordinal);

    public string AccountSid { get; } = accountSid;

    public SimulationClock Clock { get; } = clock;

    // ---- Queues ----

    public CallQueue GetOrCreateQueue(string friendlyName, int? maxSize = null)
    {
        lock (_queueLock)
        {
            return GetOrCreateLocked(friendlyName, maxSize);
        }
    }

    public bool TryCreateQueue(string friendlyName, int? maxSize, out CallQueue queue)
    {
        lock (_queueLock)
        {
            if (_queuesByName.TryGetValue(friendlyName, out var existing))
            {
                queue = existing;
                return false;
            }

            queue = GetOrCreateLocked(friendlyName, maxSize);
            return true;
        }
    }

    private CallQueue GetOrCreateLocked(string friendlyName, int? maxSize)
    {
        if (_queuesByName.TryGetValue(friendlyName, out var existing))
        {
            return existing;
        }

        var queue = new CallQueue(
            Sids.Derived(Sids.QueuePrefix, AccountSid + "/" + friendlyName),
            friendlyName,
            maxSize ?? DefaultMaxQueueSize,
            Clock.UtcNow);
        _queuesByName.Add(friendlyName, queue);
        _queuesBySid.Add(queue.Sid, queue);
        return queue;
    }

    public CallQueue? FindQueue(string sid)
    {
        lock (_queueLock)
        {
            return _queuesBySid.GetValueOrDefault(sid);
        }
    }

    public CallQueue? FindQueueByName(string friendlyName)
    {
        lock (_queueLock)
        {
            return _queuesByName.GetValueOrDefault(friendlyName);
        }
    }

    public void UpdateQueue(CallQueue queue, int maxSize)
    {
        lock (_queueLock)
        {
            queue.MaxSize = maxSize;
            queue.DateUpdated = Clock.UtcNow;
        }
    }

    public bool DeleteQueue(CallQueue queue)
    {
        lock (_queueLock)
        {
            if (queue.Members.Count > 0)
            {
                return false;
            }

            _queuesByName.Remove(queue.FriendlyName);
            _queuesBySid.Remove(queue.Sid);
            return true;
        }
    }

    public IReadOnlyList<QueueView> Queues()
    {
        lock (_queueLock)
        {
            return _queuesByName.Values.OrderBy(q => q.DateCreated).Select(View).ToList();
        }
    }

    public QueueView View(CallQueue queue)
    {
        lock (_queueLock)
        {
            var average = queue.LeftCount == 0 ? TimeSpan.Zero : queue.TotalWait / queue.LeftCount;
            return new QueueView(queue.Sid, queue.FriendlyName, queue.Members.Count, queue.MaxSize, average, queue.DateCreated, queue.DateUpdated);
        }
    }

    /// <summary>Puts a call at the back of the named queue (created if needed); null when the queue is full.</summary>
    public QueueMember? Enqueue(string queueName, SimulatedCall call)
    {
        lock (_queueLock)
        {
            var queue = GetOrCreateLocked(queueName, null);
            if (queue.Members.Count >= queue.MaxSize)
            {
                return null;
            }

            var member = new QueueMember(call, queue, Clock.UtcNow, Clock.Elapsed);
            queue.Members.Add(member);
            queue.DateUpdated = Clock.UtcNow;
            return member;
        }
    }

    /// <summary>Removes a member that leaves by itself; false if it had already been dequeued.</summary>
    public bool Leave(QueueMember member)
    {
        lock (_queueLock)
        {
            return RemoveLocked(member);
        }
    }

    /// <summary>
    /// Takes a member out of its queue and hands its call the control to follow (redirect, bridge), atomically:
    /// false if the member already left.
    /// </summary>
    public bool TryDequeue(QueueMember member, CallControl control)
    {
        bool removed;
        lock (_queueLock)
        {
            // The order is set first: a call that already has one (it is being redirected) stays where it is.
            removed = member.Queue.Members.Contains(member) && member.Call.SetPendingControl(control) && RemoveLocked(member);
        }

        if (removed)
        {
            member.Call.Interrupt();
        }

        return removed;
    }

    public QueueMember? FindMember(CallQueue queue, string callSid)
    {
        lock (_queueLock)
        {
            return callSid == "Front"
                ? queue.Members.FirstOrDefault()
                : queue.Members.FirstOrDefault(m => m.Call.Sid == callSid);
        }
    }

    public QueueMember? FindMembership(SimulatedCall call)
    {
        lock (_queueLock)
        {
            return _queuesByName.Values.SelectMany(q => q.Members).FirstOrDefault(m => m.Call == call);
        }
    }

    public IReadOnlyList<QueueMemberView> Members(CallQueue queue)
    {
        lock (_queueLock)
        {
            return queue.Members.Select(MemberViewLocked).ToList();
        }
    }

    public QueueMemberView MemberView(QueueMember member)
    {
        lock (_queueLock)
        {
            return MemberViewLocked(member);
        }
    }

    /// <summary>The numbers Twilio sends to the wait URL: 1-based position, size, wait and average wait.</summary>
    public (int Position, int Size, int MaxSize, TimeSpan Wait, TimeSpan AverageWait) Standing(QueueMember member)
    {
        lock (_queueLock)
        {
            var queue = member.Queue;
            var average = queue.LeftCount == 0 ? TimeSpan.Zero : queue.TotalWait / queue.LeftCount;
            return (queue.Members.IndexOf(member) + 1, queue.Members.Count, queue.MaxSize, WaitLocked(member), average);
        }
    }

    public TimeSpan WaitTime(QueueMember member)
    {
        lock (_queueLock)
        {
            return WaitLocked(member);
        }
    }

    private QueueMemberView MemberViewLocked(QueueMember member) => new(
        member.Call.Sid,
        member.Queue.Sid,
        member.DateEnqueued,
        member.Queue.Members.IndexOf(member) + 1,
        WaitLocked(member));

    private TimeSpan WaitLocked(QueueMember member) => (member.LeftAt ?? Clock.Elapsed) - member.EnqueuedAt;

    private bool RemoveLocked(QueueMember member)
    {
        if (!member.Queue.Members.Remove(member))
        {
            return false;
        }

        member.LeftAt = Clock.Elapsed;
        member.Queue.LeftCount++;
        member.Queue.TotalWait += member.LeftAt.Value - member.EnqueuedAt;
        member.Queue.DateUpdated = Clock.UtcNow;
        return true;
    }

    // ---- Calls ----

    public void Register(SimulatedCall call) => _calls[call.Sid] = call;

    public SimulatedCall? FindCall(string sid) => _calls.GetValueOrDefault(sid);

    public IReadOnlyList<SimulatedCall> Calls() => _calls.Values.OrderBy(c => c.DateCreated).ToList();

    // ---- Recordings ----

    public void AddRecording(RecordingInfo recording) => _recordings[recording.Sid] = recording;

    public RecordingInfo? FindRecording(string sid) => _recordings.GetValueOrDefault(sid);

    public bool DeleteRecording(string sid) => _recordings.TryRemove(sid, out _);

    // ---- Phone numbers ----

    public PhoneNumberConfig UpdateNumber(string sid, Func<PhoneNumberConfig, PhoneNumberConfig> update)
    {
        var initial = new PhoneNumberConfig(sid, TwilioFormats.HotlineNumber, null, "POST", null, "POST", null, "POST", Clock.UtcNow);
        return _numbers.AddOrUpdate(sid, _ => update(initial), (_, current) => update(current));
    }

    public PhoneNumberConfig? FindNumber(string sid) => _numbers.GetValueOrDefault(sid);
}
