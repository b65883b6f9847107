namespace Chapp.Silo.Streams;

/// <summary>
/// One queue of the <c>chat</c> stream provider: publishers enqueue, the queue's pulling agent long-polls.
/// Keyed <c>&lt;provider&gt;/&lt;queue number&gt;</c>.
/// </summary>
public interface IStreamQueueGrain : IGrainWithStringKey
{
    /// <summary>Appends a batch and wakes a waiting reader.</summary>
    Task Enqueue(QueuedBatch batch);

    /// <summary>
    /// Takes up to <paramref name="maxCount"/> batches, oldest first. Answers at once when any are queued;
    /// otherwise waits until one is enqueued, <see cref="Wake"/> is called, or <paramref name="wait"/> passes.
    /// </summary>
    Task<List<QueuedBatch>> Dequeue(int maxCount, TimeSpan wait);

    /// <summary>Ends every wait in progress (a reader is shutting down).</summary>
    Task Wake();

    /// <summary>Puts batches a stopping reader took but could not hand on back at the front, in order.</summary>
    Task Requeue(List<QueuedBatch> batches);
}
