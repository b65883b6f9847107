using Chapp.Grains;
using Orleans.Concurrency;

namespace Chapp.Silo.Streams;

/// <summary>
/// An in-memory queue of published batches with a long-polling read: the pulling agent's read waits here until a
/// batch arrives, so delivery starts the moment a message is published and an idle queue costs one read per wait.
/// </summary>
/// <remarks>
/// Reentrant so that enqueues run while a read waits; every state change happens within one turn. Best effort like
/// Orleans' memory streams: batches queued here are lost if this activation's silo dies (the log is the truth, and
/// clients fill gaps from it).
/// </remarks>
[Reentrant]
public sealed class StreamQueueGrain : Grain, IStreamQueueGrain
{
    /// <summary>The most batches a queue holds; a publisher beyond it gets an error rather than exhausting memory.</summary>
    internal const int Capacity = 16384;

    /// <summary>The longest a read waits, well inside Orleans' 30 s response timeout.</summary>
    internal static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(20);

    private readonly TimeProvider _clock;
    private readonly LinkedList<QueuedBatch> _queue = new();

    // Seeded with the clock so a new activation's tokens follow the last one's in the pulling agent's cache.
    private long _nextSequence;
    private TaskCompletionSource? _arrived;

    /// <summary>Created by Orleans.</summary>
    public StreamQueueGrain(TimeProvider clock)
    {
        _clock = clock;
        _nextSequence = clock.GetUtcNow().UtcTicks;
    }

    /// <inheritdoc />
    public Task Enqueue(QueuedBatch batch)
    {
        if (_queue.Count >= Capacity)
        {
            throw new InvalidOperationException($"Stream queue {this.GetPrimaryKeyString()} is full ({Capacity} batches).");
        }

        _queue.AddLast(batch with { Sequence = _nextSequence++, EnqueuedAt = _clock.GetUtcNow().UtcTicks });
        Wake();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<List<QueuedBatch>> Dequeue(int maxCount, TimeSpan wait)
    {
        ChappMetrics.StreamQueueReads.Add(1, new KeyValuePair<string, object?>("silo", RuntimeIdentity));
        if (_queue.Count == 0 && wait > TimeSpan.Zero)
        {
            _arrived ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            // Not WaitAsync(timeout): an idle queue would throw a TimeoutException per wait. Nothing arrived by the
            // end of the delay: answer empty, the reader asks again.
            using var delay = new CancellationTokenSource();
            await Task.WhenAny(_arrived.Task, Task.Delay(wait < MaxWait ? wait : MaxWait, _clock, delay.Token));
            await delay.CancelAsync();
        }

        var count = maxCount <= 0 ? _queue.Count : Math.Min(maxCount, _queue.Count);
        var batches = new List<QueuedBatch>(count);
        while (batches.Count < count)
        {
            batches.Add(_queue.First!.Value);
            _queue.RemoveFirst();
        }

        return batches;
    }

    /// <inheritdoc />
    public Task Wake()
    {
        var arrived = _arrived;
        _arrived = null;
        arrived?.TrySetResult();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task Requeue(List<QueuedBatch> batches)
    {
        for (var i = batches.Count - 1; i >= 0; i--)
        {
            _queue.AddFirst(batches[i]);
        }

        if (batches.Count > 0)
        {
            Wake();
        }

        return Task.CompletedTask;
    }
}
