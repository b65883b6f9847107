using Npgsql;

namespace Chapp.Grains.Tests;

/// <summary>
/// A slow PostgreSQL for commit tests: another session holds the message log's table locked, so every append waits
/// until <see cref="ReleaseAsync"/> (or disposal) ends that session's transaction.
/// </summary>
public sealed class SlowDatabase : IAsyncDisposable
{
    private const string Waiters = "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = 'chapp_messages'::regclass";

    private readonly PostgresDatabase _database;
    private readonly NpgsqlConnection _holder;
    private readonly NpgsqlTransaction _hold;

    private SlowDatabase(PostgresDatabase database, NpgsqlConnection holder, NpgsqlTransaction hold)
    {
        _database = database;
        _holder = holder;
        _hold = hold;
    }

    /// <summary>Locks <c>chapp_messages</c> in <paramref name="database"/> from a session of its own.</summary>
    public static async Task<SlowDatabase> LockLogAsync(PostgresDatabase database)
    {
        var holder = new NpgsqlConnection(database.ConnectionString);
        await holder.OpenAsync();
        var hold = await holder.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE chapp_messages IN EXCLUSIVE MODE", holder, hold))
        {
            await lockTable.ExecuteNonQueryAsync();
        }

        return new SlowDatabase(database, holder, hold);
    }

    /// <summary>How many sessions wait on the lock, once <paramref name="expected"/> do or after 5 s.</summary>
    public async Task<long> WaitersAsync(long expected)
    {
        var waiting = 0L;
        for (var tries = 0; tries < 100 && waiting < expected; tries++)
        {
            await Task.Delay(50);
            waiting = (long)(await _database.ScalarAsync(Waiters))!;
        }

        return waiting;
    }

    /// <summary>Ends the lock: the waiting appends go on.</summary>
    public Task ReleaseAsync() => _hold.RollbackAsync();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _hold.DisposeAsync();
        await _holder.DisposeAsync();
    }
}
