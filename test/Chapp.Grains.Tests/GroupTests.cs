namespace Chapp.Grains.Tests;

/// <summary>
/// Group conversations through the grains, as members use them and as a hostile user attacks them: making one,
/// adding people up to the cap, leaving, the topic; outsiders get the answer of a room that does not exist.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class GroupTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Cluster.GrainFactory;

    private async Task<string[]> People(int count, string prefix = "p")
    {
        var names = Enumerable.Range(0, count).Select(i => $"{prefix}{i}_" + Guid.NewGuid().ToString("N")[..8]).ToArray();
        foreach (var name in names)
        {
            Assert.True(await Grains.GetUser(name).Register(new UserAccount(name, name.ToUpperInvariant(), name, null,
                "stamp", "c1", null, false, 0, DateTimeOffset.UtcNow)));
        }

        return names;
    }

    private static async Task<ChatException> Refused(Func<Task> call, ChatErrorCode code, string words)
    {
        var error = await Assert.ThrowsAsync<ChatException>(call);
        Assert.Equal(code, error.Code);
        Assert.Contains(words, error.Message);
        return error;
    }

    [Fact]
    public async Task Three_people_make_a_group_everyone_has_it_in_their_list_and_only_they_can_read_it()
    {
        var (alice, bob, carol) = (await People(3)) switch { var p => (p[0], p[1], p[2]) };
        var mallory = (await People(1, "mallory"))[0];
        var roomId = GroupRooms.NewRoomId();

        // Bob's name typed in capitals is still Bob: the group keeps each account's own spelling.
        var group = await Grains.GetRoom(roomId).CreateGroup("", alice, [bob.ToUpperInvariant(), carol]);

        Assert.True(group.IsGroup);
        Assert.Equal([alice, bob, carol], group.Members);
        Assert.Equal($"{alice}, {bob}, {carol}", group.Name);
        foreach (var member in new[] { alice, bob, carol })
        {
            Assert.Contains(roomId, await Grains.GetUser(member).GetRooms());
        }

        await Grains.GetRoom(roomId).Post(carol, "Carol", "hello group", "c-1");
        Assert.Equal(["hello group"], (await Grains.GetRoom(roomId).GetLatest(bob, 10)).Select(m => m.Text));

        var missing = GroupRooms.NewRoomId();
        Func<string, Task>[] attempts =
        [
            id => Grains.GetRoom(id).GetLatest(mallory, 10),
            id => Grains.GetRoom(id).Post(mallory, "M", "let me in", "m-1"),
            id => Grains.GetRoom(id).AddMembers(mallory, [mallory]),
            id => Grains.GetRoom(id).SetTopic(mallory, "owned"),
            id => Grains.GetRoom(id).Leave(mallory),
        ];
        foreach (var attempt in attempts)
        {
            var refused = await Refused(() => attempt(roomId), ChatErrorCode.RoomNotFound, "There is no room");
            var absent = await Refused(() => attempt(missing), ChatErrorCode.RoomNotFound, "There is no room");
            Assert.Equal(absent.Message.Replace(missing, "ID"), refused.Message.Replace(roomId, "ID"));
        }

        // Mallory cannot take the address over by creating "her" group there either.
        await Refused(() => Grains.GetRoom(roomId).CreateGroup("mine", mallory, [alice, bob]), ChatErrorCode.Invalid, "taken");
        var after = (await Grains.GetRoom(roomId).GetInfo())!;
        Assert.Equal([alice, bob, carol], after.Members);
        Assert.Equal(string.Empty, after.Topic);
        Assert.DoesNotContain(roomId, await Grains.GetUser(mallory).GetRooms());

        // The same creator sending the form twice gets the one group.
        Assert.Equal(group.Members, (await Grains.GetRoom(roomId).CreateGroup("", alice, [bob, carol])).Members);
    }

    [Fact]
    public async Task A_group_has_3_to_20_real_people_at_an_address_chapp_made()
    {
        var people = await People(21);
        var (alice, bob) = (people[0], people[1]);

        await Refused(() => Grains.GetRoom(GroupRooms.NewRoomId()).CreateGroup("", alice, [bob]), ChatErrorCode.Invalid, "3 to 20 people");
        await Refused(() => Grains.GetRoom(GroupRooms.NewRoomId()).CreateGroup("", alice, [bob, bob.ToUpperInvariant(), alice]),
            ChatErrorCode.Invalid, "3 to 20 people");
        await Refused(() => Grains.GetRoom(GroupRooms.NewRoomId()).CreateGroup("", alice, people[1..]), ChatErrorCode.Invalid, "3 to 20 people");
        await Refused(() => Grains.GetRoom(GroupRooms.NewRoomId()).CreateGroup("", alice, [bob, "nobody_" + Guid.NewGuid().ToString("N")[..8]]),
            ChatErrorCode.Invalid, "There is no user 'nobody_");
        await Refused(() => Grains.GetRoom(GroupRooms.NewRoomId()).CreateGroup("\u202Eevil", alice, [bob, people[2]]),
            ChatErrorCode.Invalid, "room name");

        // Addresses are Chapp's: not a public room's, not a made-up one, not a conversation's.
        await Refused(() => Grains.GetRoom("grp-mine").CreateGroup("", alice, [bob, people[2]]), ChatErrorCode.Invalid, "made by Chapp");
        await Refused(() => Grains.GetRoom(DirectRooms.RoomId(alice, bob)).CreateGroup("", alice, [bob, people[2]]), ChatErrorCode.Invalid, "made by Chapp");
        await Refused(() => Grains.GetRoom(GroupRooms.NewRoomId()).Create("Squat", RoomKind.Public, alice, []), ChatErrorCode.Invalid, "kept for group conversations");
        Assert.Throws<ChatException>(() => ChatRules.RoomIdFromName("grp " + Guid.NewGuid().ToString("N")));

        var twenty = await Grains.GetRoom(GroupRooms.NewRoomId()).CreateGroup("Twenty", alice, people[1..20]);
        Assert.Equal(20, twenty.Members.Count);
    }

    [Fact]
    public async Task A_member_adds_people_up_to_20_and_a_direct_conversation_or_public_room_cannot_be_added_to()
    {
        var people = await People(21);
        var (alice, bob, carol) = (people[0], people[1], people[2]);
        var roomId = GroupRooms.NewRoomId();
        await Grains.GetRoom(roomId).CreateGroup("Team", alice, [bob, carol]);

        var grown = await Grains.GetRoom(roomId).AddMembers(carol, [people[3], people[4], bob]);
        Assert.Equal([alice, bob, carol, people[3], people[4]], grown.Members);
        Assert.Contains(roomId, await Grains.GetUser(people[4]).GetRooms());

        await Refused(() => Grains.GetRoom(roomId).AddMembers(bob, people[5..]), ChatErrorCode.Invalid, "at most 20 people; this one has 5");
        await Refused(() => Grains.GetRoom(roomId).AddMembers(bob, ["ghost_" + Guid.NewGuid().ToString("N")[..8]]), ChatErrorCode.Invalid, "There is no user");
        await Refused(() => Grains.GetRoom(roomId).AddMembers(bob, ["not a name"]), ChatErrorCode.Invalid, "user name");
        Assert.Equal(5, (await Grains.GetRoom(roomId).GetInfo())!.Members.Count);
        Assert.DoesNotContain(roomId, await Grains.GetUser(people[5]).GetRooms());

        var full = await Grains.GetRoom(roomId).AddMembers(bob, people[5..20]);
        Assert.Equal(20, full.Members.Count);
        await Refused(() => Grains.GetRoom(roomId).AddMembers(bob, [people[20]]), ChatErrorCode.Invalid, "at most 20 people");

        var dm = DirectRooms.RoomId(alice, bob);
        await Grains.GetRoom(dm).Create("a & b", RoomKind.Private, alice, [bob]);
        await Refused(() => Grains.GetRoom(dm).AddMembers(alice, [carol]), ChatErrorCode.Invalid, "between two people");
        var publicRoom = await fixture.NewPublicRoomAsync();
        await Refused(() => Grains.GetRoom(publicRoom).AddMembers(alice, [carol]), ChatErrorCode.Invalid, "public room");
        Assert.Equal([alice, bob], (await Grains.GetRoom(dm).GetInfo())!.Members);
    }

    [Fact]
    public async Task A_member_who_leaves_can_no_longer_read_post_or_add_and_the_others_carry_on()
    {
        var (alice, bob, carol) = (await People(3)) switch { var p => (p[0], p[1], p[2]) };
        var roomId = GroupRooms.NewRoomId();
        var room = Grains.GetRoom(roomId);
        await room.CreateGroup("Team", alice, [bob, carol]);
        await using var changes = await StreamProbe<RoomChanged>.SubscribeToSideAsync(fixture.Cluster.Client, roomId);

        await room.Leave(carol);

        Assert.Equal([alice, bob], (await room.GetInfo())!.Members);
        Assert.DoesNotContain(roomId, await Grains.GetUser(carol).GetRooms());
        Assert.Contains(roomId, await Grains.GetUser(alice).GetRooms());
        var change = await changes.WaitForAsync(c => !c.Members.Contains(carol), "a change without carol");
        Assert.Equal([alice, bob], change.Members);
        await Refused(() => room.GetLatest(carol, 10), ChatErrorCode.RoomNotFound, "There is no room");
        await Refused(() => room.Post(carol, "Carol", "still here?", "c-2"), ChatErrorCode.RoomNotFound, "There is no room");
        await Refused(() => room.AddMembers(carol, [carol]), ChatErrorCode.RoomNotFound, "There is no room");
        await Refused(() => room.Leave(carol), ChatErrorCode.RoomNotFound, "There is no room");
        await room.Post(bob, "Bob", "carry on", "b-1");

        // Only a member can bring her back.
        await room.AddMembers(alice, [carol]);
        Assert.Equal(["carry on"], (await room.GetLatest(carol, 10)).Select(m => m.Text));
    }

    [Fact]
    public async Task Members_set_the_topic_with_the_rules_of_names_and_everyone_in_the_room_is_told()
    {
        var (alice, bob, carol) = (await People(3)) switch { var p => (p[0], p[1], p[2]) };
        var roomId = GroupRooms.NewRoomId();
        var room = Grains.GetRoom(roomId);
        await room.CreateGroup("Team", alice, [bob, carol]);
        await using var changes = await StreamProbe<RoomChanged>.SubscribeToSideAsync(fixture.Cluster.Client, roomId);

        var set = await room.SetTopic(bob, "  Release plan for Friday  ");

        Assert.Equal("Release plan for Friday", set.Topic);
        Assert.Equal("Release plan for Friday", (await changes.WaitForAsync(c => c.Topic.Length > 0, "the topic")).Topic);
        await Refused(() => room.SetTopic(bob, "safe\u202Etxt.exe"), ChatErrorCode.Invalid, "A topic is at most 250 visible characters");
        await Refused(() => room.SetTopic(bob, "zero\u200Bwidth"), ChatErrorCode.Invalid, "A topic");
        await Refused(() => room.SetTopic(bob, "two\nlines"), ChatErrorCode.Invalid, "A topic");
        await Refused(() => room.SetTopic(bob, new string('x', 251)), ChatErrorCode.Invalid, "A topic");
        Assert.Equal("Release plan for Friday", (await room.GetInfo())!.Topic);

        var lobby = await Grains.GetRoom(await fixture.NewPublicRoomAsync()).SetTopic(carol, "Anyone may set a public room's topic");
        Assert.Equal("Anyone may set a public room's topic", lobby.Topic);
        Assert.Equal(string.Empty, (await room.SetTopic(alice, "")).Topic);
    }

    [Fact]
    public async Task A_new_topic_reaches_every_members_inbox_live_even_where_the_group_is_not_open()
    {
        var (alice, bob, carol) = (await People(3)) switch { var p => (p[0], p[1], p[2]) };
        var roomId = GroupRooms.NewRoomId();
        await Grains.GetRoom(roomId).CreateGroup("Launch crew", alice, [bob, carol]);
        await using var bobsInbox = await StreamProbe<UserEvent>.SubscribeAsync(
            fixture.Cluster.Client, ChappNames.UserStreamNamespace, ChappGrainFactoryExtensions.Normalize(bob));

        await Grains.GetRoom(roomId).SetTopic(alice, "Launch moved to Friday");

        var changed = await bobsInbox.WaitForAsync(
            e => e.Kind == UserEventKinds.Room && e.RoomId == roomId && e.Entry?.Topic == "Launch moved to Friday", "the new topic");
        Assert.Equal("Launch crew", changed.Entry!.Name);
        var carols = Assert.Single((await Grains.GetUserInbox(carol).GetInbox()).Rooms, r => r.RoomId == roomId);
        Assert.Equal("Launch moved to Friday", carols.Topic);
    }
}
