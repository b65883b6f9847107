using Chapp.Silo.Storage;

namespace Chapp.Grains.Tests;

/// <summary>Every rule a post can break: it is refused with a readable reason, and nothing is stored or published.</summary>
[Collection(ClusterCollection.Name)]
public sealed class RoomValidationTests(ClusterFixture fixture)
{
    public static TheoryData<string, string, string, string> RejectedPosts => new()
    {
        { "alice", "", "c1", "empty" },
        { "alice", "   \n\t  ", "c1", "empty" },
        { "alice", new string('x', 4001), "c1", "at most 4000" },
        { "alice", "bell\u0007", "c1", "control characters" },
        { "alice", "escape \u001b[31m red", "c1", "control characters" },
        { "al", "hi", "c1", "user name" },
        { "alice!", "hi", "c1", "user name" },
        { new string('a', 33), "hi", "c1", "user name" },
        { "alice", "hi", "", "client message id" },
        { "alice", "hi", "has space", "client message id" },
        { "alice", "hi", new string('c', 65), "client message id" },
    };

    [Theory]
    [MemberData(nameof(RejectedPosts))]
    public async Task A_rejected_post_stores_nothing_and_publishes_nothing(string author, string text, string clientId, string reason)
    {
        var roomId = "v-" + Guid.NewGuid().ToString("N")[..12];
        var room = fixture.Cluster.GrainFactory.GetRoom(roomId);
        await room.Create("Validation", RoomKind.Public, "alice", []);
        await using var probe = await StreamProbe<ChatMessage>.SubscribeAsync(fixture.Cluster.Client, ChappNames.RoomStreamNamespace, roomId);

        var error = await Assert.ThrowsAsync<ChatException>(() => room.Post(author, "A", text, clientId));

        Assert.Equal(ChatErrorCode.Invalid, error.Code);
        Assert.Contains(reason, error.Message, StringComparison.OrdinalIgnoreCase);
        await using var log = new SqliteMessageLog(fixture.ConnectionString);
        Assert.Empty(await log.ReadLatestAsync(roomId, 10));
        Assert.Equal(0, (await room.GetInfo())!.LastSeq);

        // A valid post afterwards is number 1 (nothing was used up) and the only thing published.
        var valid = await room.Post("alice", "A", "valid", "ok-1");
        Assert.Equal(1, valid.Seq);
        Assert.Equal([1L], (await probe.WaitForAsync(1)).Select(m => m.Seq));
    }

    [Fact]
    public async Task Text_of_exactly_4000_characters_with_newlines_and_tabs_is_accepted()
    {
        var roomId = "v-" + Guid.NewGuid().ToString("N")[..12];
        var room = fixture.Cluster.GrainFactory.GetRoom(roomId);
        await room.Create("Validation", RoomKind.Public, "alice", []);
        var text = "line\tone\n" + new string('y', 4000 - 9);

        var posted = await room.Post("alice", "A", text, "c1");

        Assert.Equal(text, posted.Text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Upper")]
    [InlineData("with space")]
    [InlineData("under_score")]
    [InlineData("a23456789012345678901234567890123456789012")]
    public void A_malformed_room_id_is_refused(string roomId)
    {
        var error = Assert.Throws<ChatException>(() => fixture.Cluster.GrainFactory.GetRoom(roomId));
        Assert.Contains("room id", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(201)]
    public async Task A_history_page_is_bounded(int count)
    {
        var room = fixture.Cluster.GrainFactory.GetRoom(ChappNames.LobbyRoomId);
        var error = await Assert.ThrowsAsync<ChatException>(() => room.GetLatest("alice", count));
        Assert.Contains("1–200", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Rust & Go!", "rust-go")]
    [InlineData("  Lobby 2  ", "lobby-2")]
    public void A_room_id_is_made_from_its_name(string name, string expected) =>
        Assert.Equal(expected, ChatRules.RoomIdFromName(name));
}
