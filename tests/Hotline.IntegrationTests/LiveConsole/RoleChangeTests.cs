using System.Net;
using System.Net.Http.Json;
using Hotline.IntegrationTests.Telephony;
using Hotline.Server.Data;
using Hotline.Server.Identity;
using Hotline.Server.LiveConsole;
using Hotline.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.IntegrationTests.LiveConsole;

/// <summary>A counsellor whose role an admin removes stops receiving the queue and offers at once.</summary>
public sealed class RoleChangeTests(ClockedApp app) : IClassFixture<ClockedApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_counsellor_made_coordinator_is_retired_loses_the_offer_and_never_sees_the_queue_again()
    {
        using var admin = await app.SignInAsync("admin");
        var user = await app.CreateReadyUserAsync(admin, Roles.Counsellor);
        await using (var console = await ConsoleClient.ConnectWithCookieAsync(app, await app.SignInCookieAsync(user.UserName, user.Password)))
        {
            await console.WaitForAsync<ConsoleSnapshot>("Snapshot");
            var callSid = Twiml.NewCallSid();
            await app.CallIntoQueueAsync(callSid, "2", "13150");
            var callId = (await app.FindCallAsync(callSid))!.Id;
            await console.WaitForAsync<OfferCard>("OfferReceived", o => o.Call.CallId == callId);

            using var update = await admin.PutAsJsonAsync($"/api/admin/users/{user.Id}", new
            {
                displayName = "Ex Counsellor",
                roles = new[] { Roles.Coordinator },
                departements = new List<string> { "13" },
                communes = Array.Empty<string>(),
            }, Ct);
            Assert.Equal(HttpStatusCode.OK, update.StatusCode);

            await using var scope = app.Scope();
            var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
            var row = await db.Counsellors.AsNoTracking().SingleAsync(c => c.UserId == user.Id, Ct);
            Assert.Equal(Presence.Offline, row.Presence);
            Assert.False(await db.Offers.AnyAsync(o => o.CounsellorId == user.Id && o.Outcome == OfferOutcome.Pending, Ct));
            Assert.Equal(Hotline.Server.Calls.CallStatus.Queued, (await app.FindCallAsync(callSid))!.Status);

            // Even with a row Available and a console connection left (another instance not swept yet), the
            // dispatcher offers nothing to someone who is no longer a counsellor.
            await db.Counsellors.Where(c => c.UserId == user.Id).ExecuteUpdateAsync(set => set.SetProperty(c => c.Presence, Presence.Available), Ct);
            db.ConsoleConnections.Add(new ConsoleConnection { ConnectionId = "stale-" + Guid.NewGuid().ToString("N"), UserId = user.Id, Instance = "elsewhere", LastSeenAt = app.Clock.GetUtcNow() });
            await db.SaveChangesAsync(Ct);
            await app.Service<QueueDispatcher>().RunOnceAsync(Ct);
            Assert.False(await db.Offers.AnyAsync(o => o.CounsellorId == user.Id && o.Outcome == OfferOutcome.Pending, Ct));
        }

        // Signed in again as a coordinator: the console shows no queue, although a call waits.
        await using var asCoordinator = await ConsoleClient.ConnectWithCookieAsync(app, await app.SignInCookieAsync(user.UserName, user.Password));
        var snapshot = await asCoordinator.WaitForAsync<ConsoleSnapshot>("Snapshot");
        Assert.Empty(snapshot.Queue);
        Assert.Empty((await asCoordinator.SnapshotAsync()).Queue);
    }
}
