using System.Data.Common;
using System.Security.Claims;
using Hotline.Server.Data;
using Hotline.Server.Identity;
using Hotline.Testing;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hotline.IntegrationTests.Identity;

/// <summary>The sweep judges only the connections it looked up: one opened meanwhile is not closed for want of a stamp.</summary>
public sealed class HubSessionSweepTests(HotlineAppFactory app) : IClassFixture<HotlineAppFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_connection_opened_while_the_sweep_reads_the_stamps_stays_open()
    {
        var identity = new IdentityOptions();
        var sessions = new HubSessions(Options.Create(identity));
        var supervisor = await ConnectionOfAsync("supervisor1", identity);
        var counsellor = await ConnectionOfAsync("counsellor1", identity);
        sessions.Add(supervisor);

        // The counsellor's console connects while the sweep's first query is on its way to PostgreSQL.
        var options = new DbContextOptionsBuilder<HotlineDbContext>();
        DataExtensions.Configure(options, app.ConnectionString);
        options.AddInterceptors(new OnFirstQuery(() => sessions.Add(counsellor)));
        await using var db = new HotlineDbContext(options.Options);

        var closed = await sessions.SweepAsync(db, Cancel);

        Assert.Equal(0, closed);
        Assert.False(counsellor.Aborted, "the counsellor's new connection was closed by a sweep that never looked them up");
        Assert.False(supervisor.Aborted);
        Assert.Equal(2, sessions.Count);

        // The next sweep does judge it, and keeps it: its stamp is current.
        Assert.Equal(0, await sessions.SweepAsync(db, Cancel));
        Assert.False(counsellor.Aborted);
    }

    private async Task<TestCallerContext> ConnectionOfAsync(string userName, IdentityOptions identity)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.UserName == userName, Cancel);
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()),
                new Claim(identity.ClaimsIdentity.SecurityStampClaimType, user.SecurityStamp!),
            ],
            "Test"));
        return new TestCallerContext(user.Id.ToString(), principal);
    }

    private sealed class OnFirstQuery(Action action) : DbCommandInterceptor
    {
        private int _done;

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                action();
            }

            return ValueTask.FromResult(result);
        }
    }

    private sealed class TestCallerContext(string userId, ClaimsPrincipal user) : HubCallerContext
    {
        public bool Aborted { get; private set; }

        public override string ConnectionId { get; } = Guid.NewGuid().ToString("N");

        public override string? UserIdentifier => userId;

        public override ClaimsPrincipal? User => user;

        public override IDictionary<object, object?> Items { get; } = new Dictionary<object, object?>();

        public override IFeatureCollection Features { get; } = new FeatureCollection();

        public override CancellationToken ConnectionAborted => CancellationToken.None;

        public override void Abort() => Aborted = true;
    }
}
