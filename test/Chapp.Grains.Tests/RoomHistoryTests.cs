namespace Chapp.Grains.Tests;

/// <summary>History: the latest page, pages before a message, and everything after one (resume).</summary>
[Collection(ClusterCollection.Name)]
public sealed class RoomHistoryTests(ClusterFixture fixture) : IAsyncLifetime
{
    // More than the room keeps in memory, so both the cache and the log are exercised.
    private const int MessageCount = 520;
    private readonly string _roomId = "h-" + Guid.NewGuid().ToString("N")[..12];

    private IChatRoomGrain Room => fixture.Cluster.GrainFactory.GetRoom(_roomId);

    public async Task InitializeAsync()
    {
        await Room.Create("History", RoomKind.Public, "alice", []);
        for (var i = 1; i <= MessageCount; i += 40)
        {
            await Task.WhenAll(Enumerable.Range(i, Math.Min(40, MessageCount - i + 1))
                .Select(n => Room.Post("alice", "Alice", $"message {n}", $"c{n}")));
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_latest_page_is_the_newest_messages_oldest_first()
    {
        var page = await Room.GetLatest("bob", 50);
        Assert.Equal(Seqs(MessageCount - 49, 50), page.Select(m => m.Seq));
    }

    [Fact]
    public async Task Pages_before_a_message_walk_back_to_the_first_one()
    {
        var recent = await Room.GetBefore("bob", MessageCount - 10, 30);
        Assert.Equal(Seqs(MessageCount - 40, 30), recent.Select(m => m.Seq));

        var old = await Room.GetBefore("bob", 101, 200);
        Assert.Equal(Seqs(1, 100), old.Select(m => m.Seq));
        Assert.Equal(100, old.Select(m => m.Text).Distinct().Count());

        Assert.Empty(await Room.GetBefore("bob", 1, 50));
    }

    [Fact]
    public async Task Everything_after_a_message_is_returned_in_order_and_bounded()
    {
        var missed = await Room.GetAfter("bob", 10, 200);
        Assert.Equal(Seqs(11, 200), missed.Select(m => m.Seq));

        var recent = await Room.GetAfter("bob", MessageCount - 5, 200);
        Assert.Equal(Seqs(MessageCount - 4, 5), recent.Select(m => m.Seq));

        Assert.Empty(await Room.GetAfter("bob", MessageCount, 200));
    }

    private static IEnumerable<long> Seqs(int first, int count) => Enumerable.Range(first, count).Select(i => (long)i);
}
