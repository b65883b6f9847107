using System.Collections.Concurrent;
using Chapp.Grains;
using Chapp.Grains.Tracing;
using Npgsql;

namespace Chapp.Silo.Storage;

/// <summary>
/// The group commit of a PostgreSQL message log: every room's appends in this process queue here, and one commit at a
/// time takes whatever has queued, in one batch: one round trip, one implicit transaction, one WAL flush and one
/// pooled connection. New messages of all its rooms go in one INSERT; a room whose rows hold events has its own. Each room's commit as a transaction of its own took a
/// connection each, so many small rooms posting at once queued on the pool and the server (docs/PERFORMANCE.md,
/// "Many small rooms on PostgreSQL: one commit for every room").
/// </summary>
/// <remarks>
/// A drain is a thread-pool work item queued on the appending thread's own queue (<c>preferLocal</c>), as in
/// <see cref="SqliteMessageWriter"/>. While the pool's queue is at least <see cref="LongQueue"/> items long the drain
/// runs its batch synchronously there, so that the answer wakes the waiting thread and the rooms' continuations are
/// queued on it, instead of coming back through a socket completion at the back of the global queue behind a
/// saturated fan-out's socket writes (docs/PERFORMANCE.md, "The PostgreSQL commit under saturation"). On a short
/// queue the await costs next to nothing and the batch is awaited. Only one drain runs at a time, so at most one pool
/// thread blocks. A room never has two appends in flight (its grain waits for each), so its rows stay in order.
/// </remarks>
internal sealed class PostgresMessageWriter(NpgsqlDataSource dataSource)
{
    // Bounds one transaction so a burst cannot make one commit long.
    private const int MaxMessagesPerCommit = 2000;

    private readonly ConcurrentQueue<AppendRequest> _queue = new();
    private readonly Lock _gate = new();

    // Under _gate: a drain is queued or running.
    private bool _draining;
    private int _blocking;
    private long _commits;

    /// <summary>
    /// The thread pool's queue length from which a drain blocks its thread: a saturated fan-out keeps 100–300 items
    /// queued at the median (docs/PERFORMANCE.md), a light load next to none.
    /// </summary>
    public static int LongQueue => 64;

    /// <summary>Drains blocking a pool thread now: 0 or 1.</summary>
    public int Blocking => Volatile.Read(ref _blocking);

    /// <summary>Appends waiting for the next commit.</summary>
    public int Queued => _queue.Count;

    /// <summary>Batches sent so far, each one transaction (after a refused room, each room's own batch counts too).</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>Queues <paramref name="messages"/>, all of one room; completes when their commit does.</summary>
    public Task AppendAsync(IReadOnlyList<ChatMessage> messages)
    {
        var request = new AppendRequest(messages);
        bool schedule;
        lock (_gate)
        {
            _queue.Enqueue(request);
            schedule = !_draining;
            _draining = true;
        }

        if (schedule)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static writer => _ = writer.DrainAsync(), this, preferLocal: true);
        }

        return request.Completion;
    }

    private async Task DrainAsync()
    {
        var group = new List<AppendRequest>();
        var total = 0;
        while (total < MaxMessagesPerCommit && _queue.TryDequeue(out var request))
        {
            group.Add(request);
            total += request.Messages.Count;
        }

        var blocking = ThreadPool.PendingWorkItemCount >= LongQueue;
        if (blocking)
        {
            Interlocked.Increment(ref _blocking);
        }

        try
        {
            await CommitAsync(group, blocking);
        }
        finally
        {
            if (blocking)
            {
                Interlocked.Decrement(ref _blocking);
            }
        }

        bool more;
        lock (_gate)
        {
            more = !_queue.IsEmpty;
            _draining = more;
        }

        if (more)
        {
            // At the back of the global queue: the continuations this commit queued on this thread run first.
            ThreadPool.UnsafeQueueUserWorkItem(static writer => _ = writer.DrainAsync(), this, preferLocal: false);
        }
    }

    // Completes every request of the group, never throws. Synchronous throughout when blocking.
    private async Task CommitAsync(List<AppendRequest> group, bool blocking)
    {
        try
        {
            await ExecuteAsync(group, blocking);
            group.ForEach(r => r.Succeed());
        }
        catch (PostgresException) when (group.Count > 1)
        {
            // One room's rows were refused (a retry of a stored message, or a seq already taken) and the whole batch
            // rolled back: each room is committed on its own, so only that one fails. Rare: a room answers a retry
            // it remembers without storing it again.
            foreach (var request in group)
            {
                try
                {
                    await ExecuteAsync([request], blocking);
                    request.Succeed();
                }
                catch (Exception error)
                {
                    request.Fail(Translate(error));
                }
            }
        }
        catch (Exception error)
        {
            var failure = Translate(error);
            group.ForEach(r => r.Fail(failure));
        }
    }

    private async Task ExecuteAsync(List<AppendRequest> group, bool blocking)
    {
        // Every room without events shares one INSERT (one set of arrays to bind, one plan to run); a room with events
        // keeps its own statement, whose UPDATE is of that room. A room is at most once in a group.
        await using var batch = dataSource.CreateBatch();
        var rows = new List<ChatMessage>();
        foreach (var request in group)
        {
            if (request.HasEvents)
            {
                batch.BatchCommands.Add(PostgresAppendStatement.Create(request.Messages));
            }
            else
            {
                rows.AddRange(request.Messages);
            }
        }

        if (rows.Count > 0)
        {
            batch.BatchCommands.Add(PostgresAppendStatement.Create(rows));
        }

        MarkAll(group, PostHop.WriterTook);
        Interlocked.Increment(ref _commits);
        if (blocking)
        {
            batch.ExecuteNonQuery();
        }
        else
        {
            await batch.ExecuteNonQueryAsync();
        }

        MarkAll(group, PostHop.WriterDone);
    }

    private static void MarkAll(List<AppendRequest> group, PostHop hop)
    {
        if (PostTrace.Enabled)
        {
            group.ForEach(r => PostTrace.Mark(r.Messages, hop));
        }
    }

    // The client-id key refuses a retry whose original is stored; the other unique key, (room_id, seq), would mean
    // two writers for one room.
    private static Exception Translate(Exception error) =>
        error is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } unique
        && unique.ConstraintName?.Contains("client_message_id", StringComparison.Ordinal) == true
            ? new DuplicateMessageException(unique.MessageText, unique)
            : error;

    private sealed class AppendRequest(IReadOnlyList<ChatMessage> messages)
    {
        // Not RunContinuationsAsynchronously: a grain's continuation goes to its own scheduler anyway, which queues it
        // on this thread; anything else awaiting runs here at once instead of through the global queue.
        private readonly TaskCompletionSource _completion = new();

        public IReadOnlyList<ChatMessage> Messages { get; } = messages;

        public bool HasEvents { get; } = messages.Any(m => !m.IsMessage);

        public Task Completion => _completion.Task;

        public void Succeed() => _completion.TrySetResult();

        public void Fail(Exception error) => _completion.TrySetException(error);
    }
}
