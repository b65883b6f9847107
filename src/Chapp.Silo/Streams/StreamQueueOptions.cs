using System.ComponentModel.DataAnnotations;

namespace Chapp.Silo.Streams;

/// <summary>How the <c>chat</c> stream provider's queues run; bound from <c>Chapp:Streams</c>.</summary>
public sealed class StreamQueueOptions
{
    /// <summary>Queues (and pulling agents) of the provider; streams are spread over them by hash.</summary>
    /// <remarks>
    /// Eight, not fewer: each pulling agent walks every stream it knows at each read (Orleans 10.4.2 checks them all
    /// for a pending registration), and a publish wakes one read, so a read costs streams ÷ queues. In many small rooms
    /// (4,000 streams, 1,000 posts/s) 2 queues spent a tenth of a post's CPU on that walk; 8 cut CPU per post by
    /// about a tenth. An idle queue costs one read per <see cref="QueueWait"/>.
    /// </remarks>
    [Range(1, 64)]
    public int Queues { get; set; } = 8;

    /// <summary>
    /// How long a pulling agent's read waits in an empty queue before it asks again: an idle silo makes one queue
    /// call per queue per this period. A published message ends the wait at once, so it does not delay delivery.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:20")]
    public TimeSpan QueueWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How soon a pulling agent restarts its read loop after the loop stopped (the agent pauses reading while it
    /// registers a stream it has not seen for a while, or while its cache is full). While the loop runs (always, in
    /// normal operation) this timer does not tick.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan PumpRestartPeriod { get; set; } = TimeSpan.FromMilliseconds(10);
}
