using Microsoft.Extensions.Logging;
using Orleans.Providers.Streams.Common;
using Orleans.Runtime;
using Orleans.Streams;

namespace Chapp.Silo.Streams;

/// <summary>
/// The pulling agent's cache of one queue: Orleans' <see cref="SimpleQueueCache"/>, except that a cursor is never
/// placed at a batch that already left the cache. Such a cursor made a whole queue deaf (see remarks).
/// </summary>
/// <remarks>
/// A new subscription's handshake runs beside the agent's reads. When a batch of its stream arrives first, the agent
/// remembers that batch's token as the subscription's start; when the batch is purged (no cursor held it) before the
/// handshake ends, Orleans' cache parks the new cursor "unset, at" the purged token. At the stream's next batch the
/// agent refreshes that cursor, the cache throws <see cref="QueueCacheMissException"/> (the token is older than
/// everything cached), and the exception escapes the agent's read (Orleans 10.4.2,
/// <c>PersistentStreamPullingAgent.StartInactiveCursors</c>): the read loop retries with back-off and fails the same
/// way at every batch of that stream, so no stream of the queue was delivered for as long as that subscription lived.
/// Here, a cursor asked for at a token older than the cache starts at the oldest batch still cached (every one of
/// them is newer), or with the stream's next batch when nothing is cached. Nothing newer than the token is skipped.
/// </remarks>
internal sealed class StreamQueueCache(int cacheSize, ILogger logger) : SimpleQueueCache(cacheSize, logger)
{
    // Tokens of the cached batches, oldest first (the base class keeps its list private).
    private readonly LinkedList<StreamSequenceToken> _tokens = new();

    /// <inheritdoc />
    public override void AddToCache(IList<IBatchContainer> msgs)
    {
        base.AddToCache(msgs);
        foreach (var batch in msgs)
        {
            _tokens.AddLast(batch.SequenceToken);
        }
    }

    /// <inheritdoc />
    public override bool TryPurgeFromCache(out IList<IBatchContainer> purgedItems)
    {
        var purged = base.TryPurgeFromCache(out purgedItems!);
        // The base purges oldest first (failed deliveries too, which it does not return): trim to its size.
        while (_tokens.Count > Size)
        {
            _tokens.RemoveFirst();
        }

        return purged;
    }

    /// <inheritdoc />
    // Obsolete for callers, yet what the agent's TryGetCacheCursor (the interface's default) calls in 10.4.2.
    [Obsolete("Use IQueueCache.TryGetCacheCursor instead.")]
    public override IQueueCacheCursor GetCacheCursor(StreamId streamId, StreamSequenceToken? token)
    {
        if (token is not null && _tokens.First is { } oldest && token.Older(oldest.Value))
        {
            token = oldest.Value;
        }
        else if (token is not null && _tokens.Count == 0)
        {
            // Nothing cached: the batch it names is gone, and the stream's next batch is newer than it.
            token = null;
        }

#pragma warning disable CS0618 // the base implementation, see above
        return base.GetCacheCursor(streamId, token);
#pragma warning restore CS0618
    }
}
