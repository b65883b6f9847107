using Chapp.Silo.Streams;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Providers.Streams.Common;
using Orleans.Runtime;
using Orleans.Streams;

namespace Chapp.Grains.Tests.Streams;

/// <summary>
/// The pulling agent's cache, driven the way the agent drives it when a new subscription's handshake ends after the
/// batch it was to start at left the cache: the subscription still gets the stream's next batches, and nothing throws
/// (a throw there stopped delivery for every stream of the queue).
/// </summary>
public sealed class StreamQueueCacheTests
{
    private static readonly StreamId Stream = StreamId.Create(ChappNames.UserStreamNamespace, "bob");
    private static readonly StreamId Other = StreamId.Create(ChappNames.UserStreamNamespace, "carol");

    [Fact]
    public void A_handshake_that_ends_after_its_start_batch_was_purged_delivers_from_the_next_batch_on()
    {
        var cache = NewCache();
        var first = Batch(Stream, 100);
        cache.AddToCache([first]);            // read: the agent notes 100 as the pending subscription's start
        Assert.True(cache.TryPurgeFromCache(out _)); // next read: no cursor holds it, it goes
        var cursor = Cursor(cache, first.SequenceToken); // the handshake ends: a cursor "at 100"

        var next = Batch(Stream, 101);
        cache.AddToCache([next]);
        cursor.Refresh(next.SequenceToken);   // what the agent does at the stream's next batch

        Assert.Equal(QueueCacheCursorMoveResultKind.Success, cursor.MoveNextWithResult().Kind);
        Assert.Same(next, cursor.GetCurrent(out _));
        Assert.Equal(QueueCacheCursorMoveResultKind.NoData, cursor.MoveNextWithResult().Kind);
    }

    [Fact]
    public void A_cursor_asked_for_before_the_oldest_cached_batch_starts_at_the_oldest_and_skips_nothing_newer()
    {
        var cache = NewCache();
        cache.AddToCache([Batch(Stream, 100)]);
        Assert.True(cache.TryPurgeFromCache(out _));
        var (a, b, c) = (Batch(Stream, 101), Batch(Other, 102), Batch(Stream, 103));
        cache.AddToCache([a, b, c]);

        var cursor = Cursor(cache, new EventSequenceTokenV2(100));

        Assert.Equal(QueueCacheCursorMoveResultKind.Success, cursor.MoveNextWithResult().Kind);
        Assert.Same(a, cursor.GetCurrent(out _));
        Assert.Equal(QueueCacheCursorMoveResultKind.Success, cursor.MoveNextWithResult().Kind);
        Assert.Same(c, cursor.GetCurrent(out _));
        Assert.Equal(QueueCacheCursorMoveResultKind.NoData, cursor.MoveNextWithResult().Kind);
    }

    private static IQueueCache NewCache() =>
        new StreamQueueAdapterCache("chat", NullLoggerFactory.Instance).CreateQueueCache(QueueId.GetQueueId("chat", 0, 0));

    private static IQueueCacheCursor Cursor(IQueueCache cache, StreamSequenceToken token)
    {
        var result = cache.TryGetCacheCursor(Stream, token);
        Assert.Equal(QueueCacheCursorResultKind.Success, result.Kind);
        return result.Cursor!;
    }

    private static QueuedBatch Batch(StreamId stream, long sequence) =>
        new(stream, [new UserEvent(sequence, UserEventKinds.Left, "r", null, null)], null, sequence, 0);
}
