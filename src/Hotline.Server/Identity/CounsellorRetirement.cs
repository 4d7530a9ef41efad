namespace Hotline.Server.Identity;

/// <summary>
/// What happens to someone's live console state when an admin takes the Counsellor role away: implemented by
/// the live console (Identity does not know it), called after the role change is committed.
/// </summary>
public interface ICounsellorRetirement
{
    /// <summary>Withdraws the user's pending offer (the call goes back to the queue) and sets them Offline.</summary>
    Task RetireAsync(Guid userId, CancellationToken cancellationToken);
}
