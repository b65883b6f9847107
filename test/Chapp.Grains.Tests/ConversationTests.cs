namespace Chapp.Grains.Tests;

/// <summary>
/// Private conversations as a hostile user attacks them through the grains (which any caller reaches): taking a
/// conversation's id with a public room, forging a conversation's members, probing which conversations exist.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ConversationTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Cluster.GrainFactory;

    private static string NewUser(string prefix) => prefix + "_" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task A_public_room_cannot_take_the_id_of_a_conversation_and_the_conversation_stays_private()
    {
        var (alice, bob) = (NewUser("alice"), NewUser("bob"));
        var roomId = DirectRooms.RoomId(alice, bob);

        // User names are public, so anyone can compute the id; the grain itself refuses it for a public room.
        var taken = await Assert.ThrowsAsync<ChatException>(
            () => Grains.GetRoom(roomId).Create("Free for all", RoomKind.Public, "mallory", []));
        var slug = Assert.Throws<ChatException>(() => ChatRules.RoomIdFromName(roomId));

        Assert.Equal(ChatErrorCode.Invalid, taken.Code);
        Assert.Contains("kept for private conversations", taken.Message);
        Assert.Contains("kept for private conversations", slug.Message);
        Assert.Null(await Grains.GetRoom(roomId).GetInfo());
        Assert.DoesNotContain(await Grains.GetRoomDirectory().List(), r => r.Id == roomId);

        var opened = await Grains.GetRoom(roomId).Create("alice & bob", RoomKind.Private, alice, [bob]);
        Assert.Equal(RoomKind.Private, opened.Kind);
        Assert.False(opened.Admits("mallory"));
    }

    [Fact]
    public async Task A_conversation_is_only_ever_the_room_of_exactly_its_two_members()
    {
        var (alice, bob, mallory) = (NewUser("alice"), NewUser("bob"), NewUser("mallory"));
        var roomId = DirectRooms.RoomId(alice, bob);

        // Mallory creates "their" conversation first, adding herself, or naming only herself and one of them.
        var three = await Assert.ThrowsAsync<ChatException>(
            () => Grains.GetRoom(roomId).Create("trap", RoomKind.Private, mallory, [alice, bob]));
        var wrongPair = await Assert.ThrowsAsync<ChatException>(
            () => Grains.GetRoom(roomId).Create("trap", RoomKind.Private, mallory, [alice]));
        var madeUpId = await Assert.ThrowsAsync<ChatException>(
            () => Grains.GetRoom("dm-" + Guid.NewGuid().ToString("N")[..12]).Create("x", RoomKind.Private, alice, [bob]));

        Assert.Contains("between two people", three.Message);
        Assert.Contains("made from its two members", wrongPair.Message);
        Assert.Contains("made from its two members", madeUpId.Message);
        Assert.Null(await Grains.GetRoom(roomId).GetInfo());
        Assert.DoesNotContain(roomId, await Grains.GetUser(mallory).GetRooms());

        var opened = await Grains.GetRoom(roomId).Create("bob & alice", RoomKind.Private, bob, [alice]);
        Assert.Equal([bob, alice], opened.Members);
    }

    [Fact]
    public async Task Reading_a_conversation_of_others_answers_word_for_word_like_a_missing_room()
    {
        var (alice, bob) = (NewUser("alice"), NewUser("bob"));
        var roomId = DirectRooms.RoomId(alice, bob);
        var room = Grains.GetRoom(roomId);
        await room.Create("alice & bob", RoomKind.Private, alice, [bob]);
        await room.Post(alice, "Alice", "secret", "c1");
        var missingId = DirectRooms.RoomId(alice, NewUser("nobody"));
        var missing = Grains.GetRoom(missingId);

        Func<IChatRoomGrain, Task>[] probes =
        [
            r => r.GetLatest("mallory", 10),
            r => r.GetBefore("mallory", 100, 10),
            r => r.GetAfter("mallory", 0, 10),
            r => r.Post("mallory", "Mallory", "hello?", "m1"),
        ];
        foreach (var probe in probes)
        {
            var existing = await Assert.ThrowsAsync<ChatException>(() => probe(room));
            var absent = await Assert.ThrowsAsync<ChatException>(() => probe(missing));
            Assert.Equal(absent.Code, existing.Code);
            Assert.Equal(absent.Message.Replace(missingId, "ID"), existing.Message.Replace(roomId, "ID"));
        }

        Assert.Equal(["secret"], (await room.GetLatest(bob, 10)).Select(m => m.Text));
    }
}
