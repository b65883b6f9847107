namespace Chapp.Grains.Tests;

/// <summary>
/// What a saturated fan-out leaves in the thread pool: work items at the back of the global queue, each a little CPU,
/// standing in for socket writes. The hand-back tests queue them, then check a commit does not come back behind them.
/// Disposing it makes the items still queued skip their work, so the next test starts on a quiet pool instead of
/// behind a second of someone else's backlog.
/// </summary>
public sealed class SocketWriteBacklog : IDisposable
{
    private volatile bool _over;
    private int _ran;

    private SocketWriteBacklog() { }

    /// <summary>Items that have done their work so far.</summary>
    public int Ran => Volatile.Read(ref _ran);

    /// <summary>Queues <paramref name="count"/> items of <paramref name="work"/> of spinning each.</summary>
    public static SocketWriteBacklog Queue(int count, TimeSpan work)
    {
        var backlog = new SocketWriteBacklog();
        for (var i = 0; i < count; i++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(state => state.backlog.Run(state.work), (backlog, work), preferLocal: false);
        }

        return backlog;
    }

    /// <summary>
    /// Runs <paramref name="operation"/> (given its attempt, from 0) from a pool thread behind a fresh backlog of
    /// <paramref name="count"/> items, and returns how many of them had run when it came back. A shared CI machine
    /// sometimes stalls a pool thread whatever the code does, so an attempt in which half the backlog ran first is made
    /// again, up to <paramref name="attempts"/> times; the last figure is the one to judge. Code that truly waits behind
    /// the backlog fails every attempt.
    /// </summary>
    public static async Task<IReadOnlyList<int>> RanWhileEachAttemptAsync(
        int count, TimeSpan work, Func<int, Task> operation, int attempts = 3)
    {
        var ran = new List<int>();
        while (ran.Count < attempts && (ran.Count == 0 || ran[^1] >= count / 2))
        {
            var attempt = ran.Count;
            ran.Add(await Task.Run(async () =>
            {
                using var backlog = Queue(count, work);
                await operation(attempt);
                return backlog.Ran;
            }));
        }

        return ran;
    }

    /// <inheritdoc />
    public void Dispose() => _over = true;

    private void Run(TimeSpan work)
    {
        if (_over)
        {
            return;
        }

        var until = DateTime.UtcNow + work;
        while (DateTime.UtcNow < until)
        {
            Thread.SpinWait(20);
        }

        Interlocked.Increment(ref _ran);
    }
}
