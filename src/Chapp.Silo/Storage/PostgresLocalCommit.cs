using Chapp.Grains;
using Chapp.Grains.Tracing;
using Npgsql;

namespace Chapp.Silo.Storage;

/// <summary>
/// Runs a room's append on the appending thread: the statement is executed synchronously by a thread-pool work item
/// queued on that thread's own queue (<c>preferLocal</c>), and the grain's continuation, queued on the same thread when
/// the work item completes the append, runs right after it.
/// </summary>
/// <remarks>
/// Awaited, Npgsql's answer comes back through a socket completion, which the runtime queues at the back of the thread
/// pool's global queue; under a saturated fan-out that queue holds a thousand socket writes, and the commit's way back
/// waited behind them (docs/PERFORMANCE.md, "The PostgreSQL commit under saturation"). A blocking read is woken by
/// the kernel on the thread that waits. The price is a pool thread blocked for one round trip, so an append blocks
/// only while the pool's queue is at least <see cref="LongQueue"/> items long (on a short queue the await costs
/// next to nothing, and blocking measured slower: 100×5×10 p50 1.12–1.18×), and at most <see cref="MaxBlocking"/>
/// at once; the others are awaited as before.
/// </remarks>
internal static class PostgresLocalCommit
{
    private static int _blocking;

    /// <summary>How many appends may block a pool thread at once: half the cores, at least one.</summary>
    public static int MaxBlocking { get; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>
    /// The thread pool's queue length from which an append blocks: a saturated fan-out keeps 100–300 items queued at
    /// the median (docs/PERFORMANCE.md), a light load next to none.
    /// </summary>
    public static int LongQueue => 64;

    /// <summary>Appends blocking a pool thread now.</summary>
    public static int Blocking => Volatile.Read(ref _blocking);

    /// <summary>Executes <paramref name="command"/> (and disposes it); completes when it has.</summary>
    public static Task RunAsync(NpgsqlCommand command, IReadOnlyList<ChatMessage> messages)
    {
        if (ThreadPool.PendingWorkItemCount < LongQueue)
        {
            return AwaitAsync(command, messages);
        }

        if (Interlocked.Increment(ref _blocking) > MaxBlocking)
        {
            Interlocked.Decrement(ref _blocking);
            return AwaitAsync(command, messages);
        }

        var append = new Append(command, messages);
        ThreadPool.UnsafeQueueUserWorkItem(static append => append.Run(), append, preferLocal: true);
        return append.Completion.Task;
    }

    private static async Task AwaitAsync(NpgsqlCommand command, IReadOnlyList<ChatMessage> messages)
    {
        await using (command)
        {
            try
            {
                PostTrace.Mark(messages, PostHop.WriterTook);
                await command.ExecuteNonQueryAsync();
                PostTrace.Mark(messages, PostHop.WriterDone);
            }
            catch (PostgresException error) when (IsDuplicate(error))
            {
                throw new DuplicateMessageException(error.MessageText, error);
            }
        }
    }

    // The client-id key refuses a retry whose original is stored; one statement, so it stored nothing.
    private static bool IsDuplicate(PostgresException error) =>
        error.SqlState == PostgresErrorCodes.UniqueViolation
        && error.ConstraintName?.Contains("client_message_id", StringComparison.Ordinal) == true;

    private sealed class Append(NpgsqlCommand command, IReadOnlyList<ChatMessage> messages)
    {
        // Not RunContinuationsAsynchronously: the grain's continuation goes to its own scheduler anyway, which queues
        // it on this thread; anything else awaiting runs here at once instead of through the global queue.
        public TaskCompletionSource Completion { get; } = new();

        public void Run()
        {
            Exception? failure = null;
            try
            {
                PostTrace.Mark(messages, PostHop.WriterTook);
                command.ExecuteNonQuery();
                PostTrace.Mark(messages, PostHop.WriterDone);
            }
            catch (PostgresException error) when (IsDuplicate(error))
            {
                failure = new DuplicateMessageException(error.MessageText, error);
            }
            catch (Exception error)
            {
                failure = error;
            }
            finally
            {
                command.Dispose();
                Interlocked.Decrement(ref _blocking);
            }

            if (failure is null)
            {
                Completion.SetResult();
            }
            else
            {
                Completion.SetException(failure);
            }
        }
    }
}
