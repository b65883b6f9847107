using Chapp.Silo.Storage;

namespace Chapp.Grains.Tests;

/// <summary>
/// The database fails under a room: before the commit, or after it (the answer is lost). Either way the sender is told
/// to try again, nothing is published that is not stored, and the retry with the same client message id ends with
/// every message stored exactly once, numbered without gaps and published once, in order.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class CommitFailureTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Cluster.GrainFactory;

    [Fact]
    public async Task A_failed_append_publishes_nothing_and_the_retry_stores_and_publishes_once()
    {
        var roomId = await fixture.NewPublicRoomAsync();
        var room = Grains.GetRoom(roomId);
        await using var probe = await StreamProbe<ChatMessage>.SubscribeAsync(fixture.Cluster.Client, ChappNames.RoomStreamNamespace, roomId);
        fixture.Faults.FailNextAppend(roomId, AppendFault.BeforeCommit);

        var refused = await Assert.ThrowsAsync<ChatException>(() => room.Post("alice", "Alice", "first", "c1"));
        Assert.Equal(ChatErrorCode.Unavailable, refused.Code);
        Assert.Empty(await probe.WaitForAsync(1, TimeSpan.FromMilliseconds(500)));

        var retried = await room.Post("alice", "Alice", "first", "c1");
        var next = await room.Post("bob", "Bob", "second", "c2");

        Assert.Equal([1L, 2L], new[] { retried.Seq, next.Seq });
        await AssertStoredAndPublishedOnce(roomId, probe, ["first", "second"]);
    }

    [Fact]
    public async Task A_commit_whose_answer_was_lost_keeps_its_number_and_the_retry_returns_it()
    {
        var roomId = await fixture.NewPublicRoomAsync();
        var room = Grains.GetRoom(roomId);
        await using var probe = await StreamProbe<ChatMessage>.SubscribeAsync(fixture.Cluster.Client, ChappNames.RoomStreamNamespace, roomId);
        await room.Post("alice", "Alice", "before", "c0");
        fixture.Faults.FailNextAppend(roomId, AppendFault.AfterCommit);

        var refused = await Assert.ThrowsAsync<ChatException>(() => room.Post("alice", "Alice", "stored anyway", "c1"));
        Assert.Equal(ChatErrorCode.Unavailable, refused.Code);

        // The next post must not reuse seq 2, which the log already holds.
        var next = await room.Post("bob", "Bob", "after", "c2");
        var retried = await room.Post("alice", "Alice", "stored anyway", "c1");

        Assert.Equal(2L, retried.Seq);
        Assert.Equal(3L, next.Seq);
        await AssertStoredAndPublishedOnce(roomId, probe, ["before", "stored anyway", "after"]);
    }

    [Fact]
    public async Task Failures_in_a_row_still_end_with_each_message_once_in_order()
    {
        var roomId = await fixture.NewPublicRoomAsync();
        var room = Grains.GetRoom(roomId);
        await using var probe = await StreamProbe<ChatMessage>.SubscribeAsync(fixture.Cluster.Client, ChappNames.RoomStreamNamespace, roomId);
        var expected = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            fixture.Faults.FailNextAppend(roomId, i % 2 == 0 ? AppendFault.AfterCommit : AppendFault.BeforeCommit);
            var text = "message " + i;
            expected.Add(text);
            await Assert.ThrowsAsync<ChatException>(() => room.Post("alice", "Alice", text, "c" + i));
            var stored = await room.Post("alice", "Alice", text, "c" + i);
            Assert.Equal(i + 1, stored.Seq);
        }

        await AssertStoredAndPublishedOnce(roomId, probe, expected);
    }

    private async Task AssertStoredAndPublishedOnce(string roomId, StreamProbe<ChatMessage> probe, IReadOnlyList<string> texts)
    {
        await using var log = new SqliteMessageLog(fixture.ConnectionString);
        var stored = await log.ReadAfterAsync(roomId, 0, 100);
        Assert.Equal(texts, stored.Select(m => m.Text));
        Assert.Equal(Enumerable.Range(1, texts.Count).Select(i => (long)i), stored.Select(m => m.Seq));

        var published = await probe.WaitForAsync(texts.Count);
        await Task.Delay(300); // a duplicate publish would arrive right behind
        Assert.Equal(texts, probe.Received.Select(m => m.Text));
        Assert.Equal(stored.Select(m => m.Seq), probe.Received.Select(m => m.Seq));
        Assert.Equal(texts.Count, published.Count);
    }
}
