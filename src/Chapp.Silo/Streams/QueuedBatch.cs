using Orleans.Providers.Streams.Common;
using Orleans.Runtime;
using Orleans.Streams;

namespace Chapp.Silo.Streams;

/// <summary>
/// One published batch of a stream, as it waits in a <see cref="IStreamQueueGrain"/> and travels to subscribers.
/// </summary>
/// <param name="StreamId">The stream it was published on.</param>
/// <param name="Events">The published items, in order (immutable records).</param>
/// <param name="Context">The publisher's request context, if any.</param>
/// <param name="Sequence">Its place in the queue, set by the queue grain on enqueue.</param>
/// <param name="EnqueuedAt">When the queue grain took it (UTC ticks), for the queue-wait histogram.</param>
[GenerateSerializer, Immutable]
public sealed record QueuedBatch(
    [property: Id(0)] StreamId StreamId,
    [property: Id(1)] IReadOnlyList<object> Events,
    [property: Id(2)] Dictionary<string, object>? Context,
    [property: Id(3)] long Sequence,
    [property: Id(4)] long EnqueuedAt) : IBatchContainer
{
    // Made once: the pulling agent and its cache ask for the token several times per batch and per cursor. Not
    // serialized (a copy in another silo makes its own); set only after the queue grain gave the batch its Sequence,
    // which it does with a new record, never with `with` (that would copy this field).
    [NonSerialized]
    private EventSequenceTokenV2? _token;

    /// <inheritdoc />
    public StreamSequenceToken SequenceToken => Token;

    private EventSequenceTokenV2 Token => _token ??= new EventSequenceTokenV2(Sequence);

    /// <inheritdoc />
    public IEnumerable<Tuple<T, StreamSequenceToken>> GetEvents<T>()
    {
        var token = Token;
        for (var i = 0; i < Events.Count; i++)
        {
            if (Events[i] is T item)
            {
                yield return Tuple.Create<T, StreamSequenceToken>(item, token.CreateSequenceTokenForEvent(i));
            }
        }
    }

    /// <inheritdoc />
    public bool ImportRequestContext()
    {
        if (Context is null)
        {
            return false;
        }

        RequestContextExtensions.Import(Context);
        return true;
    }
}
