using Chapp.Grains;
using Orleans.Streams;

namespace Chapp.Silo.Streams;

/// <summary>
/// The pulling agent's reader of one <see cref="IStreamQueueGrain"/>. A read returns as soon as batches are queued
/// and otherwise keeps long-polling, so the agent's read loop never ends for want of data: it does not fall back to
/// its timer, and delivery never waits for a poll.
/// </summary>
/// <remarks>
/// The agent cancels the token when it stops (shutdown, queue rebalancing, <see cref="StreamAgentRestart"/>). The
/// read then wakes the grain, and batches that arrive in that moment go back to the queue for the next agent instead
/// of being dropped with this one.
/// </remarks>
internal sealed class StreamQueueReceiver(IStreamQueueGrain queue, TimeSpan wait, TimeProvider clock) : IQueueAdapterReceiver
{
    // The agent's cache takes up to this many at once when it says "unlimited".
    private const int MaxBatches = 1024;

    /// <inheritdoc />
    public Task Initialize(TimeSpan timeout) => Task.CompletedTask;

    /// <inheritdoc />
    public Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount) =>
        GetQueueMessagesAsync(maxCount, CancellationToken.None);

    /// <inheritdoc />
    public async Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount, CancellationToken cancellationToken)
    {
        var max = maxCount <= 0 ? MaxBatches : Math.Min(maxCount, MaxBatches);
        using var wake = cancellationToken.Register(static state => ((IStreamQueueGrain)state!).Wake().Ignore(), queue);
        while (!cancellationToken.IsCancellationRequested)
        {
            var batches = await queue.Dequeue(max, wait);
            if (batches.Count == 0)
            {
                continue;
            }

            if (cancellationToken.IsCancellationRequested)
            {
                await queue.Requeue(batches);
                break;
            }

            var now = clock.GetUtcNow().UtcTicks;
            foreach (var batch in batches)
            {
                ChappMetrics.StreamQueueWait.Record(TimeSpan.FromTicks(now - batch.EnqueuedAt).TotalSeconds);
            }

            return [.. batches];
        }

        return [];
    }

    /// <inheritdoc />
    public Task MessagesDeliveredAsync(IList<IBatchContainer> messages) => Task.CompletedTask;

    /// <inheritdoc />
    public Task Shutdown(TimeSpan timeout) => Task.CompletedTask;
}
