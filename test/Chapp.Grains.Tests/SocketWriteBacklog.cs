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

    private SocketWriteBacklog()
    {
    }

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
