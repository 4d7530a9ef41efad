using Microsoft.EntityFrameworkCore;

namespace Hotline.Server.Data;

/// <summary>The background jobs that every instance runs but only one at a time may (their keys in PostgreSQL).</summary>
public enum Job
{
    Retention = 1,
    AuditPurge = 2,
}

/// <summary>
/// PostgreSQL session advisory locks for jobs every instance runs: the first instance takes the lock, the others skip
/// that pass. The lock lives on the context's connection, opened for the pass; a crashed instance's lock goes with its
/// connection.
/// </summary>
public static class JobLocks
{
    /// <summary>Our namespace of advisory lock keys ("HOTL"), so that another application's keys cannot collide.</summary>
    private const int Namespace = 0x484F544C;

    /// <summary>The lock, to dispose when the pass is over; null when another instance holds it.</summary>
    public static async Task<IAsyncDisposable?> TryTakeAsync(HotlineDbContext db, Job job, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        var key = (int)job;
        var taken = (await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_lock({Namespace}, {key}) AS \"Value\"").ToListAsync(cancellationToken)).Single();
        if (taken)
        {
            return new Held(db, key);
        }

        await db.Database.CloseConnectionAsync();
        return null;
    }

    private sealed class Held(HotlineDbContext db, int key) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({Namespace}, {key})");
            }
            finally
            {
                // Returned to the pool, the connection is reset (DISCARD ALL), which releases the lock if the unlock failed.
                await db.Database.CloseConnectionAsync();
            }
        }
    }
}
