namespace Chapp.Grains.Tests;

/// <summary>
/// What a saturated fan-out leaves in the thread pool: work items at the back of the global queue, each a little CPU,
/// standing in for socket writes. The hand-back tests queue them, then check a commit does not come back behind them.
/// </summary>
public static class SocketWriteBacklog
{
    /// <summary>Queues <paramref name="count"/> items of <paramref name="work"/> of spinning each; each calls <paramref name="done"/>.</summary>
    public static void Queue(int count, TimeSpan work, Action done)
    {
        for (var i = 0; i < count; i++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(state =>
            {
                var until = DateTime.UtcNow + state.work;
                while (DateTime.UtcNow < until)
                {
                    Thread.SpinWait(20);
                }

                state.done();
            }, (work, done), preferLocal: false);
        }
    }
}
