namespace Hotline.Server.Telephony;

/// <summary>
/// Where a dequeued caller is bridged to a counsellor who answers on their own phone. Implemented by the
/// live console (it owns the counsellors' settings), so that Telephony does not depend on it.
/// </summary>
public interface ICounsellorPhones
{
    /// <summary>The number to dial for a counsellor who answers on the phone; null for the browser.</summary>
    Task<string?> PhoneNumberOfAsync(Guid counsellorId, CancellationToken cancellationToken);
}

/// <summary>What became of an outbound callback a counsellor placed (its status callback). Implemented by the live console.</summary>
public interface ICallbackOutcomes
{
    /// <summary>The family answered and the call ended: the item is done.</summary>
    Task AnsweredAsync(Guid itemId, Guid counsellorId, CancellationToken cancellationToken);

    /// <summary>Busy, no answer, failed or canceled: the item returns to the board.</summary>
    Task UnansweredAsync(Guid itemId, Guid counsellorId, CancellationToken cancellationToken);
}

public static class VoiceClients
{
    /// <summary>The Twilio Voice client identity of a counsellor's browser (no name: an opaque id).</summary>
    public static string Identity(Guid counsellorId) => $"counsellor-{counsellorId:N}";
}
