using System.Net.Http.Json;
using Hotline.Server.Calls;
using Hotline.Server.Data;
using Hotline.Server.Statistics;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.IntegrationTests.Statistics;

/// <summary>
/// The wallboard learns of calls from the event log (another instance, a lost signal), reading each event once: a call
/// whose transaction took its event ids before another's but committed after it is still counted.
/// </summary>
public sealed class LiveStatisticsEventLogTests : IAsyncLifetime
{
    private readonly StatisticsApp _app = new();

    public ValueTask InitializeAsync() => _app.InitializeAsync();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_call_committed_after_a_later_one_is_counted_once_it_commits()
    {
        using var supervisor = await _app.SignInAsync("supervisor1");
        Assert.Equal(0, (await LiveAsync(supervisor)).Today.Offered);
        var queuedAt = _app.Clock.GetUtcNow().AddMinutes(-30);

        // The slow one: its events take their ids first, and it stays open.
        await using var slowScope = _app.Scope();
        var slowDb = slowScope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        await using var slow = await slowDb.Database.BeginTransactionAsync(Cancel);
        slowDb.Calls.Add(StatisticsApp.Answered(queuedAt, "13", CallMotive.Signal, after: 10, talk: 60, wrapUp: 20));
        await slowDb.SaveChangesAsync(Cancel);

        // The quick one commits later ids, and the wallboard reads them: the slow call's ids are a hole below.
        await using (var quickScope = _app.Scope())
        {
            var quickDb = quickScope.ServiceProvider.GetRequiredService<HotlineDbContext>();
            quickDb.Calls.Add(StatisticsApp.Abandoned(queuedAt.AddMinutes(1), "84", after: 40));
            await quickDb.SaveChangesAsync(Cancel);
        }

        var quickOnly = await LiveAsync(supervisor);
        Assert.Equal((1, 0, 1), (quickOnly.Today.Offered, quickOnly.Today.Answered, quickOnly.Today.Abandoned));

        await slow.CommitAsync(Cancel);
        var both = await LiveAsync(supervisor);
        Assert.Equal((2, 1, 1), (both.Today.Offered, both.Today.Answered, both.Today.Abandoned));

        // Each event read once: a further pass counts nothing twice.
        Assert.Equal(both.Today, (await LiveAsync(supervisor)).Today);
    }

    private static async Task<LiveStatistics> LiveAsync(HttpClient supervisor) =>
        (await supervisor.GetFromJsonAsync<LiveStatistics>("/api/statistics/live", Hotline.IntegrationTests.Triage.TriageHelpers.Json, Cancel))!;
}
