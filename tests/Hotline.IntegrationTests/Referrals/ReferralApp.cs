using Hotline.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Hotline.IntegrationTests.Referrals;

/// <summary>
/// The server with the directory as a Development start-up seeds it: a departmental cell per
/// département, the national team, and the demo CMERs of Tarascon and Miramas.
/// </summary>
public class ReferralApp : HotlineAppFactory;

/// <summary>A referral app whose clock the test moves.</summary>
public sealed class ClockedReferralApp : ReferralApp
{
    // Thursday 30 April 2026, 10:00 in Paris: the next day is 1 May (a holiday), then a weekend.
    public ClockedReferralApp() => Time = Clock;

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 4, 30, 8, 0, 0, TimeSpan.Zero));
}
