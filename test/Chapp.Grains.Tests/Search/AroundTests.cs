namespace Chapp.Grains.Tests.Search;

/// <summary>History around a message, what a search result opens on: the message, about half a page before it, the rest after.</summary>
[Collection(ClusterCollection.Name)]
public sealed class AroundTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Around_a_message_far_back_is_the_page_centred_on_it_and_clipped_at_either_end()
    {
        var roomId = await fixture.NewPublicRoomAsync();
        var room = fixture.Cluster.GrainFactory.GetRoom(roomId);
        for (var i = 1; i <= 450; i++)
        {
            await room.Post("alice", "Alice", $"message {i}", $"c{i}");
        }

        // 300 back is outside the room's memory (the last 200), so this reads the log.
        var far = await room.GetAround("bob", 150, 50);
        var start = await room.GetAround("bob", 3, 50);
        var end = await room.GetAround("bob", 449, 50);
        var beyond = await room.GetAround("bob", 10_000, 10);

        Assert.Equal(Enumerable.Range(125, 50).Select(i => (long)i), far.Select(m => m.Seq));
        Assert.Equal("message 150", far.Single(m => m.Seq == 150).Text);
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), start.Select(m => m.Seq));
        Assert.Equal(Enumerable.Range(424, 27).Select(i => (long)i), end.Select(m => m.Seq));
        Assert.Equal(Enumerable.Range(445, 6).Select(i => (long)i), beyond.Select(m => m.Seq));
        var refused = await Assert.ThrowsAsync<ChatException>(() => room.GetAround("bob", 0, 50));
        Assert.Equal(ChatErrorCode.Invalid, refused.Code);
        await Assert.ThrowsAsync<ChatException>(() => room.GetAround("bob", 5, 201));
    }
}
