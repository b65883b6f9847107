using Chapp.Silo.Storage;

namespace Chapp.Grains.Tests;

/// <summary>Posting to a room: numbering, durability before publishing, retries and concurrency.</summary>
[Collection(ClusterCollection.Name)]
public sealed class RoomPostingTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Cluster.GrainFactory;

    private static string NewRoomId() => "t-" + Guid.NewGuid().ToString("N")[..12];

    private async Task<string> CreatePublicRoom()
    {
        var id = NewRoomId();
        await Grains.GetRoom(id).Create("Test " + id, RoomKind.Public, "alice", []);
        return id;
    }

    [Fact]
    public async Task A_post_reaches_a_stream_subscriber_with_consecutive_sequence_numbers()
    {
        var roomId = await CreatePublicRoom();
        await using var probe = await StreamProbe<ChatMessage>.SubscribeAsync(fixture.Cluster.Client, ChappNames.RoomStreamNamespace, roomId);

        var room = Grains.GetRoom(roomId);
        var first = await room.Post("alice", "Alice", "hello", "c1");
        var second = await room.Post("bob", "Bob", "hi alice", "c2");
        var third = await room.Post("alice", "Alice", "how are you?", "c3");

        Assert.Equal([1L, 2L, 3L], new[] { first.Seq, second.Seq, third.Seq });
        var received = await probe.WaitForAsync(3);
        Assert.Equal(["hello", "hi alice", "how are you?"], received.Select(m => m.Text));
        Assert.Equal([1L, 2L, 3L], received.Select(m => m.Seq));
        Assert.Equal(first, received[0]);
    }

    [Fact]
    public async Task A_posted_message_is_in_the_log_when_post_returns()
    {
        var roomId = await CreatePublicRoom();
        var posted = await Grains.GetRoom(roomId).Post("alice", "Alice", "  keep me  ", "c1");

        await using var log = new SqliteMessageLog(fixture.ConnectionString);
        var stored = Assert.Single(await log.ReadLatestAsync(roomId, 10));
        Assert.Equal(posted, stored);
        Assert.Equal("keep me", stored.Text);
        Assert.Equal(TimeSpan.Zero, stored.SentAt.Offset);
        Assert.InRange(stored.SentAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddSeconds(1));
    }

    [Fact]
    public async Task The_same_client_message_id_again_returns_the_first_message_and_stores_nothing()
    {
        var roomId = await CreatePublicRoom();
        var room = Grains.GetRoom(roomId);
        await using var probe = await StreamProbe<ChatMessage>.SubscribeAsync(fixture.Cluster.Client, ChappNames.RoomStreamNamespace, roomId);

        var original = await room.Post("alice", "Alice", "only once", "retry-1");
        var retried = await room.Post("alice", "Alice", "only once", "retry-1");
        var otherAuthor = await room.Post("bob", "Bob", "same id, other author", "retry-1");

        Assert.Equal(original, retried);
        Assert.Equal(2, otherAuthor.Seq);
        Assert.Equal(2, (await room.GetLatest("alice", 50)).Count);
        await probe.WaitForAsync(2);
        await Task.Delay(200);
        Assert.Equal(2, probe.Received.Count);
    }

    [Fact]
    public async Task A_retry_older_than_the_memory_cache_is_found_in_the_log()
    {
        var roomId = await CreatePublicRoom();
        var room = Grains.GetRoom(roomId);
        var original = await room.Post("alice", "Alice", "early", "early-1");
        await Task.WhenAll(Enumerable.Range(0, 450).Select(i => room.Post("bob", "Bob", $"filler {i}", $"f{i}")));

        var retried = await room.Post("alice", "Alice", "early", "early-1");

        Assert.Equal(original, retried);
        Assert.Equal(451, (await room.GetInfo())!.LastSeq);
    }

    [Fact]
    public async Task Retries_sent_together_with_their_original_store_it_once_and_all_get_the_stored_message()
    {
        var roomId = await CreatePublicRoom();
        var room = Grains.GetRoom(roomId);
        await using var probe = await StreamProbe<ChatMessage>.SubscribeAsync(fixture.Cluster.Client, ChappNames.RoomStreamNamespace, roomId);
        var earlier = await room.Post("carol", "Carol", "before the burst", "early");

        // A flaky client resending while its first send is still in flight: the copies arrive during one commit and
        // share the next batch with other people's posts and with a retry of a message stored before.
        // The burst's first post commits alone; the copies come after it, so they meet in the batch after that one.
        var sends = Enumerable.Range(0, 30).Select(i => i % 3 == 1
                ? room.Post("alice", "Alice", "once only", "dup")
                : i == 8 ? room.Post("carol", "Carol", "before the burst", "early")
                : room.Post("bob", "Bob", $"other {i}", $"b{i}"))
            .ToArray();
        var answers = await Task.WhenAll(sends);

        var copies = answers.Where((_, i) => i % 3 == 1).ToArray();
        Assert.All(copies, copy => Assert.Equal(copies[0], copy));
        Assert.Equal(earlier, answers[8]);
        await using var log = new SqliteMessageLog(fixture.ConnectionString);
        var stored = await log.ReadAfterAsync(roomId, 0, 200);
        Assert.Equal(Enumerable.Range(1, 1 + 1 + 19).Select(i => (long)i), stored.Select(m => m.Seq));
        Assert.Single(stored, m => m.ClientMessageId == "dup");
        Assert.Single(stored, m => m.ClientMessageId == "early");
        Assert.Equal(stored, await probe.WaitForAsync(stored.Count));
        await Task.Delay(200);
        Assert.Equal(stored.Count, probe.Received.Count);
    }

    [Fact]
    public async Task Fifty_concurrent_posts_get_fifty_distinct_consecutive_numbers_all_in_the_log()
    {
        var roomId = await CreatePublicRoom();
        var room = Grains.GetRoom(roomId);
        await using var probe = await StreamProbe<ChatMessage>.SubscribeAsync(fixture.Cluster.Client, ChappNames.RoomStreamNamespace, roomId);

        var posted = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => room.Post($"user{i % 7}", "U", $"message {i}", $"m{i}")));

        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), posted.Select(m => m.Seq).Order());
        await using var log = new SqliteMessageLog(fixture.ConnectionString);
        var stored = await log.ReadAfterAsync(roomId, 0, 200);
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), stored.Select(m => m.Seq));
        Assert.Equal(posted.OrderBy(m => m.Seq), stored);
        Assert.Equal(stored, await probe.WaitForAsync(50));
    }

    [Fact]
    public async Task Posting_to_a_room_that_was_never_created_is_refused()
    {
        var error = await Assert.ThrowsAsync<ChatException>(() => Grains.GetRoom(NewRoomId()).Post("alice", "Alice", "anyone?", "c1"));
        Assert.Equal(ChatErrorCode.RoomNotFound, error.Code);
    }

    [Fact]
    public async Task The_lobby_always_exists()
    {
        var lobby = await Grains.GetRoom(ChappNames.LobbyRoomId).GetInfo();
        Assert.NotNull(lobby);
        Assert.Equal(RoomKind.Public, lobby.Kind);
        Assert.Contains(await Grains.GetRoomDirectory().List(), r => r.Id == ChappNames.LobbyRoomId);
    }

    [Fact]
    public async Task A_private_conversation_admits_only_its_members()
    {
        var (alice, bob) = ("alice_" + Guid.NewGuid().ToString("N")[..8], "bob_" + Guid.NewGuid().ToString("N")[..8]);
        var roomId = DirectRooms.RoomId(alice, bob);
        var room = Grains.GetRoom(roomId);
        var info = await room.Create("alice & bob", RoomKind.Private, alice, [bob]);
        Assert.Equal([alice, bob], info.Members);

        await room.Post(bob, "Bob", "just us", "c1");
        var posting = await Assert.ThrowsAsync<ChatException>(() => room.Post("mallory", "Mallory", "let me in", "c2"));
        var reading = await Assert.ThrowsAsync<ChatException>(() => room.GetLatest("mallory", 10));

        Assert.Equal(ChatErrorCode.RoomNotFound, posting.Code);
        Assert.Equal(ChatErrorCode.RoomNotFound, reading.Code);
        Assert.Single(await room.GetLatest(alice, 10));
        Assert.Contains(roomId, await Grains.GetUser(bob).GetRooms());
        Assert.DoesNotContain(await Grains.GetRoomDirectory().List(), r => r.Id == roomId);
    }

    [Fact]
    public async Task A_public_room_is_listed_in_the_directory()
    {
        var roomId = await CreatePublicRoom();
        Assert.Contains(await Grains.GetRoomDirectory().List(), r => r.Id == roomId && r.Name == "Test " + roomId);
    }
}
