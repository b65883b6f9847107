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

    // One timer for all of this activation's waits, re-armed per wait: a delay, its cancellation source and a WhenAny
    // per read were a fifth of the stream round trip's bytes in many small rooms (a read per publish or two).
    private ITimer? _expiry;

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

        // A new record, not `with`: a copy would carry the original's cached sequence token.
        _queue.AddLast(new QueuedBatch(batch.StreamId, batch.Events, batch.Context, _nextSequence++, _clock.GetUtcNow().UtcTicks));
        Wake();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<List<QueuedBatch>> Dequeue(int maxCount, TimeSpan wait)
    {
        ChappMetrics.StreamQueueReads.Add(1, new KeyValuePair<string, object?>("silo", RuntimeIdentity));
        if (_queue.Count == 0 && wait > TimeSpan.Zero)
        {
            // The timer ends a wait by completing the waiting source without clearing it: a completed one is replaced.
            if (_arrived is null || _arrived.Task.IsCompleted)
            {
                _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            // Not WaitAsync(timeout): an idle queue would throw a TimeoutException per wait. Nothing arrived by the
            // end of the wait: answer empty, the reader asks again. The timer runs off the grain's scheduler and only
            // completes a source (thread-safe); if it ends a later read's wait early, that read answers empty and the
            // reader asks again, nothing is lost.
            _expiry ??= _clock.CreateTimer(static grain => ((StreamQueueGrain)grain!).Expire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _expiry.Change(wait < MaxWait ? wait : MaxWait, Timeout.InfiniteTimeSpan);
            await _arrived.Task;
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
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _expiry?.Dispose();
        Expire();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task Wake()
    {
        var arrived = _arrived;
        _arrived = null;
        arrived?.TrySetResult();
        return Task.CompletedTask;
    }

    // The wait's end, from the timer's thread: the waiting reads answer with what is queued (nothing, or a batch that
    // arrived in that instant).
    private void Expire() => Volatile.Read(ref _arrived)?.TrySetResult();

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
