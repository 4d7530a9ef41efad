namespace Hotline.Server.Referrals;

/// <summary>
/// The legal moves of a referral: Sent → Acknowledged → InFollowUp → Closed, or Redirected from any
/// open state, or Recalled while still Sent. Closed, Redirected and Recalled are final. Anything else is refused with 409.
/// </summary>
public static class ReferralStateMachine
{
    private static readonly Dictionary<ReferralState, ReferralState[]> Moves = new()
    {
        // A referral sent by mistake can be recalled until it is acknowledged (and within Referrals:RecallWindow).
        [ReferralState.Sent] = [ReferralState.Acknowledged, ReferralState.Redirected, ReferralState.Recalled],
        [ReferralState.Acknowledged] = [ReferralState.InFollowUp, ReferralState.Redirected],
        // A family that moves away during follow-up is passed on too.
        [ReferralState.InFollowUp] = [ReferralState.Closed, ReferralState.Redirected],
        [ReferralState.Closed] = [],
        [ReferralState.Redirected] = [],
        [ReferralState.Recalled] = [],
    };

    public static bool CanMove(ReferralState from, ReferralState to) => Moves[from].Contains(to);

    public static IReadOnlyList<ReferralState> NextStates(ReferralState from) => Moves[from];

    public static bool IsOpen(ReferralState state) => Moves[state].Length > 0;
}
