using System.Collections.Concurrent;
using Chapp.Grains;
using Chapp.Grains.Tracing;
using Microsoft.Data.Sqlite;

namespace Chapp.Silo.Storage;

/// <summary>
/// The single writer of a SQLite message log. SQLite takes one writer at a time, so every room's appends queue here
/// and one drain commits whatever has queued up in one transaction (group commit across rooms). Checkpoints run on
/// another thread (<see cref="SqliteCheckpointer"/>), never inside a commit.
/// </summary>
/// <remarks>
/// The drain is a thread-pool work item queued on the appending thread's own queue (<c>preferLocal</c>), not a
/// thread of its own. A room grain appends from a pool thread, so that thread runs the commit as soon as the grain's
/// turn yields, and the grain's continuation, queued on the same thread by the commit's completion, runs right after.
/// Neither waits in the pool's global queue, which under a saturated fan-out holds a thousand socket writes
/// (docs/PERFORMANCE.md, "The post path under saturation"). A drain takes one group; if more has queued meanwhile it
/// queues the next drain at the back of the global queue, so the continuations its commit queued here run first.
/// The commit blocks its pool thread for the fsync (a millisecond or so here, a few under load).
/// <para>
/// The search index is brought up to date in arrears (<see cref="SqliteSearchCatchUp"/>): in the commit that takes
/// the messages not yet indexed to <see cref="CatchUpEvery"/>, and before a search (<see cref="CatchUpSearchAsync"/>),
/// so a search still finds every message acknowledged before it.
/// </para>
/// </remarks>
internal sealed class SqliteMessageWriter : IAsyncDisposable
{
    // Bounds one transaction so a burst cannot hold the write lock for long.
    private const int MaxMessagesPerCommit = 2000;

    /// <summary>
    /// Messages stored between two catch-ups of the search index. Indexing costs FTS5 a segment per commit whatever it
    /// holds; at 16 or more messages a commit that cost has all but gone (docs/PERFORMANCE.md, "Search indexed in arrears").
    /// </summary>
    internal const int CatchUpEvery = 32;

    private readonly string _connectionString;
    private readonly ConcurrentQueue<SqliteAppendRequest> _queue = new();
    private readonly Lock _gate = new();
    private readonly List<SqliteAppendRequest> _group = [];
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SqliteCheckpointer _checkpointer;

    // Under _gate: a drain is queued or running (at most one at a time, so the connection and _group are its alone).
    private bool _draining;
    private bool _closed;

    // Messages this writer stored since the search index last caught up. Written by the drain only; read by searches.
    // Unknown at start, so the first commit catches up whatever an earlier process left.
    private int _unindexed = CatchUpEvery;
    private SqliteConnection? _connection;
    private SqliteMessageInsert? _insert;

    /// <summary>Prepares the writer for a SQLite database that already has Chapp's schema.</summary>
    public SqliteMessageWriter(string connectionString, TimeSpan checkpointInterval)
    {
        // Its own connection, outside the pool: the writer keeps one open anyway, and its wal_autocheckpoint = 0 must
        // not reach the pool's other users (grain state, Data Protection keys) when the writer closes it after an error.
        _connectionString = new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString();
        _checkpointer = new SqliteCheckpointer(connectionString, checkpointInterval);
    }

    /// <summary>Checkpoints run so far off the commit path.</summary>
    public long Checkpoints => _checkpointer.Checkpoints;

    /// <summary>Checkpoints the writer ran itself between two commits (only when commits came back to back).</summary>
    public long WriterCheckpoints { get; private set; }

    /// <summary>Inserts prepared so far: one per connection the writer opened, plus one per failed group's retries.</summary>
    public int InsertsPrepared { get; private set; }

    /// <summary>Queues <paramref name="messages"/>; completes when their commit does.</summary>
    public Task AppendAsync(IReadOnlyList<ChatMessage> messages) => Enqueue(new SqliteAppendRequest(messages, catchUp: false));

    /// <summary>
    /// Completes once every message stored before the call is in the search index: at once when it already is,
    /// otherwise with the writer's next commit, which catches the index up.
    /// </summary>
    public Task CatchUpSearchAsync() =>
        Volatile.Read(ref _unindexed) == 0 ? Task.CompletedTask : Enqueue(new SqliteAppendRequest([], catchUp: true));

    private Task Enqueue(SqliteAppendRequest request)
    {
        bool schedule;
        lock (_gate)
        {
            if (_closed)
            {
                throw new ObjectDisposedException(nameof(SqliteMessageLog));
            }

            _queue.Enqueue(request);
            schedule = !_draining;
            _draining = true;
        }

        if (schedule)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static writer => writer.Drain(), this, preferLocal: true);
        }

        return request.Completion;
    }

    /// <summary>Finishes queued appends, closes the connection and checkpoints a last time.</summary>
    public async ValueTask DisposeAsync()
    {
        bool idle;
        lock (_gate)
        {
            _closed = true;
            idle = !_draining;
        }

        if (idle)
        {
            Stop();
        }

        await _stopped.Task;
        _checkpointer.Dispose();
    }

    private void Drain()
    {
        _group.Clear();
        var total = 0;
        var searchWaits = false;
        while (total < MaxMessagesPerCommit && _queue.TryDequeue(out var request))
        {
            _group.Add(request);
            total += request.Messages.Count;
            searchWaits |= request.CatchUp;
        }

        if (total == 0 && _unindexed == 0)
        {
            // Searches only, and the index caught up since they asked: nothing to write.
            _group.ForEach(r => r.Succeed());
        }
        else if (_group.Count > 0)
        {
            MarkAll(_group, PostHop.WriterTook);
            var catchUp = searchWaits || _unindexed + total >= CatchUpEvery;
            // Counted before the commit completes any append: a search that follows an acknowledged post must see it.
            Volatile.Write(ref _unindexed, Math.Min(_unindexed + total, CatchUpEvery));
            var committed = Commit(_group, catchUp);
            if (committed && catchUp)
            {
                Volatile.Write(ref _unindexed, 0);
            }

            if (!committed)
            {
                // Reopened for the next commit: cheap, and it recovers by itself from a broken connection.
                Close();
            }

            _checkpointer.Committed();
        }

        _group.Clear();

        bool more, stop;
        lock (_gate)
        {
            more = !_queue.IsEmpty;
            _draining = more;
            stop = !more && _closed;
        }

        if (more)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static writer => writer.Drain(), this, preferLocal: false);
        }
        else if (stop)
        {
            Stop();
        }
    }

    private void Stop()
    {
        Close();
        _stopped.TrySetResult();
    }

    private void Close()
    {
        _insert?.Dispose();
        _insert = null;
        _connection?.Dispose();
        _connection = null;
    }

    // False when any request failed.
    private bool Commit(List<SqliteAppendRequest> group, bool catchUpSearch)
    {
        try
        {
            var connection = _connection ??= Open(_connectionString);
            if (_checkpointer.WriterMustCheckpoint())
            {
                Checkpoint(connection);
            }

            var insert = _insert ??= Prepare(connection);
            insert.Commit(group, static r => r.Messages, catchUpSearch);
            MarkAll(group, PostHop.WriterDone);
            group.ForEach(r => r.Succeed());
            return true;
        }
        catch (SqliteException) when (group.Count > 1 && _connection is { } connection)
        {
            // One bad request (say a seq that is already taken) must not fail the rooms it shared a commit with.
            // A fresh statement for the retries: the failed one is left as the error found it.
            _insert?.Dispose();
            _insert = null;
            using var insert = Prepare(connection);
            foreach (var request in group)
            {
                try
                {
                    insert.Commit([request], static r => r.Messages, request.CatchUp);
                    request.Succeed();
                }
                catch (Exception error)
                {
                    request.Fail(Translate(error));
                }
            }

            return false;
        }
        catch (Exception error)
        {
            group.ForEach(r => r.Fail(Translate(error)));
            return false;
        }
    }

    private SqliteMessageInsert Prepare(SqliteConnection connection)
    {
        var insert = new SqliteMessageInsert(connection);
        InsertsPrepared++;
        return insert;
    }

    private static void MarkAll(List<SqliteAppendRequest> group, PostHop hop)
    {
        if (PostTrace.Enabled)
        {
            group.ForEach(r => PostTrace.Mark(r.Messages, hop));
        }
    }

    private void Checkpoint(SqliteConnection connection)
    {
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
            command.ExecuteNonQuery();
            WriterCheckpoints++;
        }
        catch (SqliteException)
        {
            // The commit goes ahead: the log only stays longer until the next checkpoint.
        }
    }

    // The writer's own connection, kept across commits; its commits never checkpoint (the checkpointer does).
    private static SqliteConnection Open(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_autocheckpoint = 0;";
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    // SQLite names the violated columns; the other unique key, (room_id, seq), would mean two writers for one room.
    private static Exception Translate(Exception error) =>
        error is SqliteException { SqliteErrorCode: 19 } constraint && constraint.Message.Contains("client_message_id", StringComparison.Ordinal)
            ? new DuplicateMessageException(constraint.Message, constraint)
            : error;
}
