namespace Chapp.Grains.Tests;

/// <summary>
/// The room log of events: edits, deletes and reactions take their own seqs, in commit order with posts; history pages
/// show messages in their current state; resuming returns every event.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RoomEventTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Events_take_their_own_seqs_and_resume_returns_them_in_order()
    {
        var room = await NewRoom();
        await Post(room, "alice", "one", "two", "three");

        var edit = await room.Edit("alice", 2, "two, fixed");
        await Post(room, "bob", "four");
        var delete = await room.Delete("alice", 1);
        var reaction = await room.React("bob", 3, "👍", true);

        Assert.Equal((4L, RoomEventKind.Edit, 2L, "two, fixed"), (edit.Seq, edit.Kind, edit.TargetSeq, edit.Text));
        Assert.Equal((6L, RoomEventKind.Delete, 1L, true, ""), (delete.Seq, delete.Kind, delete.TargetSeq, delete.Deleted, delete.Text));
        Assert.Equal((7L, RoomEventKind.Reaction, 3L, "bob"), (reaction.Seq, reaction.Kind, reaction.TargetSeq, reaction.Author));
        Assert.Equal(["bob"], Assert.Single(reaction.Reactions!).Users);

        var resumed = await room.GetAfter("carol", 0, 200);
        Assert.Equal(
            ["1 Message", "2 Message", "3 Message", "4 Edit->2", "5 Message", "6 Delete->1", "7 Reaction->3"],
            resumed.Select(r => r.IsMessage ? $"{r.Seq} Message" : $"{r.Seq} {r.Kind}->{r.TargetSeq}"));
        Assert.Equal(7, (await room.GetInfo())!.LastSeq);
    }

    [Fact]
    public async Task History_pages_show_messages_only_in_their_current_state()
    {
        var room = await NewRoom();
        await Post(room, "alice", "one", "two", "three");
        await room.Edit("alice", 2, "two, fixed");
        await room.Delete("alice", 1);
        await room.React("bob", 3, "🎉", true);
        await room.React("carol", 3, "🎉", true);

        var latest = await room.GetLatest("carol", 50);
        Assert.Equal([1L, 2L, 3L], latest.Select(m => m.Seq));
        Assert.All(latest, m => Assert.Equal(RoomEventKind.Message, m.Kind));
        Assert.Equal((true, ""), (latest[0].Deleted, latest[0].Text));
        Assert.Equal(("two, fixed", 4L), (latest[1].Text, latest[1].ChangedSeq));
        Assert.NotNull(latest[1].EditedAt);
        Assert.Equal(["bob", "carol"], Assert.Single(latest[2].Reactions!).Users);
        Assert.Equal(latest.Select(Shown), (await room.GetBefore("carol", 100, 50)).Select(Shown));
    }

    [Fact]
    public async Task Only_the_author_may_edit_or_delete_and_a_refusal_changes_nothing()
    {
        var room = await NewRoom();
        await Post(room, "alice", "mine");

        var edit = await Assert.ThrowsAsync<ChatException>(() => room.Edit("bob", 1, "hijacked"));
        var delete = await Assert.ThrowsAsync<ChatException>(() => room.Delete("bob", 1));

        Assert.Contains("your own", edit.Message, StringComparison.Ordinal);
        Assert.Contains("your own", delete.Message, StringComparison.Ordinal);
        await AssertUnchanged(room, 1, "mine");
    }

    public static TheoryData<long, string, string> HostileEdits => new()
    {
        { 0, "x", "no message 0" },
        { -5, "x", "no message -5" },
        { 99, "x", "no message 99" },
        { 2, "x", "no message 2" }, // seq 2 is the reaction event, not a message
        { 1, "", "empty" },
        { 1, new string('x', 4001), "at most 4000" },
        { 1, "bell\u0007", "control characters" },
    };

    [Theory]
    [MemberData(nameof(HostileEdits))]
    public async Task A_hostile_edit_is_refused_clearly_and_changes_nothing(long seq, string text, string reason)
    {
        var room = await NewRoom();
        await Post(room, "alice", "original");
        await room.React("bob", 1, "👍", true);

        var error = await Assert.ThrowsAsync<ChatException>(() => room.Edit("alice", seq, text));

        Assert.Equal(ChatErrorCode.Invalid, error.Code);
        Assert.Contains(reason, error.Message, StringComparison.OrdinalIgnoreCase);
        await AssertUnchanged(room, 2, "original");
    }

    [Fact]
    public async Task Nobody_outside_a_private_conversation_can_change_its_messages()
    {
        var roomId = DirectRooms.RoomId("alice", "bob");
        var room = fixture.Cluster.GrainFactory.GetRoom(roomId);
        await room.Create("Alice and Bob", RoomKind.Private, "alice", ["bob"]);
        var before = (await room.GetInfo())!.LastSeq;
        var message = await room.Post("alice", "Alice", "private", "p-" + Guid.NewGuid().ToString("N"));

        foreach (var attempt in new Func<Task>[]
                 {
                     () => room.Edit("mallory", message.Seq, "x"),
                     () => room.Delete("mallory", message.Seq),
                     () => room.React("mallory", message.Seq, "👍", true),
                 })
        {
            var error = await Assert.ThrowsAsync<ChatException>(attempt);
            Assert.Equal(ChatErrorCode.RoomNotFound, error.Code);
        }

        Assert.Equal(before + 1, (await room.GetInfo())!.LastSeq);
        Assert.Null((await room.GetLatest("bob", 1)).Single().Reactions);
    }

    [Fact]
    public async Task A_deleted_message_cannot_be_edited_or_reacted_to_and_deleting_again_stores_nothing()
    {
        var room = await NewRoom();
        await Post(room, "alice", "gone soon");
        await room.React("bob", 1, "👍", true);
        await room.Delete("alice", 1);

        Assert.Contains("deleted", (await Assert.ThrowsAsync<ChatException>(() => room.Edit("alice", 1, "back"))).Message, StringComparison.Ordinal);
        Assert.Contains("deleted", (await Assert.ThrowsAsync<ChatException>(() => room.React("bob", 1, "🎉", true))).Message, StringComparison.Ordinal);
        var again = await room.Delete("alice", 1);

        Assert.Equal((RoomEventKind.Message, true), (again.Kind, again.Deleted));
        Assert.Equal(3, (await room.GetInfo())!.LastSeq);
        var shown = Assert.Single(await room.GetLatest("bob", 10));
        Assert.Equal(("", true, null), (shown.Text, shown.Deleted, shown.Reactions));
    }

    [Fact]
    public async Task A_repeat_that_changes_nothing_stores_nothing()
    {
        var room = await NewRoom();
        await Post(room, "alice", "hello");
        await room.Edit("alice", 1, "hello!");
        await room.React("bob", 1, "👍", true);

        var sameText = await room.Edit("alice", 1, "hello!");
        var reactAgain = await room.React("bob", 1, "👍", true);
        var offWhenOff = await room.React("bob", 1, "🎉", false);

        Assert.All([sameText, reactAgain, offWhenOff], r => Assert.Equal((RoomEventKind.Message, 1L), (r.Kind, r.Seq)));
        Assert.Equal(3, (await room.GetInfo())!.LastSeq);
    }

    [Fact]
    public async Task Reactions_toggle_and_are_limited_per_user_per_message()
    {
        var room = await NewRoom();
        await Post(room, "alice", "react to me");
        var emoji = new[] { "😀", "😃", "😄", "😁", "😆", "😅", "🤣", "😂", "🙂", "🙃", "😉", "😊", "😇", "🥰", "😍", "🤩", "😘", "😗", "😚", "😙" };
        foreach (var e in emoji)
        {
            await room.React("bob", 1, e, true);
        }

        var over = await Assert.ThrowsAsync<ChatException>(() => room.React("bob", 1, "🥳", true));
        Assert.Contains("at most 20", over.Message, StringComparison.Ordinal);
        await room.React("carol", 1, "🥳", true); // the limit is per person
        var off = await room.React("bob", 1, "😀", false);

        Assert.Equal(20, off.Reactions!.Count);
        Assert.DoesNotContain(off.Reactions, r => r.Emoji == "😀");
        Assert.Equal(["carol"], off.Reactions.Single(r => r.Emoji == "🥳").Users);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("1")]
    [InlineData("<b>")]
    [InlineData("👍👍")]
    [InlineData("👍a")]
    [InlineData("")]
    [InlineData("\u202E👍")]
    [InlineData("😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀")]
    public async Task A_reaction_that_is_not_one_emoji_is_refused(string emoji)
    {
        var room = await NewRoom();
        await Post(room, "alice", "react to me");

        var error = await Assert.ThrowsAsync<ChatException>(() => room.React("bob", 1, emoji, true));

        Assert.Equal("A reaction is a single emoji.", error.Message);
        Assert.Equal(1, (await room.GetInfo())!.LastSeq);
    }

    [Theory]
    [InlineData("👍🏽")]
    [InlineData("❤️")]
    [InlineData("👨‍👩‍👧‍👦")]
    [InlineData("🇳🇴")]
    [InlineData("1️⃣")]
    public async Task Any_single_emoji_is_a_reaction(string emoji)
    {
        var room = await NewRoom();
        await Post(room, "alice", "react to me");

        var stored = await room.React("bob", 1, emoji, true);

        Assert.Equal(emoji, Assert.Single(stored.Reactions!).Emoji);
    }

    [Fact]
    public async Task Concurrent_posts_and_reactions_keep_one_gap_free_order()
    {
        var room = await NewRoom();
        await Post(room, "alice", "popular");
        var users = Enumerable.Range(1, 30).Select(i => $"user{i:00}").ToArray();

        await Task.WhenAll(users.SelectMany(u => new Task[]
        {
            room.React(u, 1, "🔥", true),
            room.Post(u, u, "me too", "c-" + u),
        }));

        var log = await room.GetAfter("alice", 0, 200);
        Assert.Equal(Enumerable.Range(1, 61).Select(i => (long)i), log.Select(r => r.Seq));
        var message = (await room.GetLatest("alice", 200))[0];
        Assert.Equal(users.Order(), Assert.Single(message.Reactions!).Users.Order());
        Assert.Equal(log.Last(r => !r.IsMessage).Seq, message.ChangedSeq);
    }

    [Fact]
    public async Task An_edit_of_a_message_memory_no_longer_holds_reads_it_from_the_log()
    {
        var room = await NewRoom();
        for (var i = 0; i < 450; i += 50)
        {
            await Task.WhenAll(Enumerable.Range(i, 50).Select(n => room.Post("alice", "Alice", $"m{n}", $"c{n}")));
        }

        var edit = await room.Edit("alice", 3, "fixed long after");
        await room.React("bob", 3, "👀", true);

        Assert.Equal(451, edit.Seq);
        var page = await room.GetBefore("bob", 5, 10);
        Assert.Equal("fixed long after", page.Single(m => m.Seq == 3).Text);
        Assert.Equal(452, page.Single(m => m.Seq == 3).ChangedSeq);
    }

    private static string Shown(ChatMessage m) =>
        $"{m.Seq} {m.Text} {m.Deleted} {m.EditedAt} {m.ChangedSeq} {string.Join(",", (m.Reactions ?? []).Select(r => r.Emoji + string.Join("+", r.Users)))}";

    private async Task<IChatRoomGrain> NewRoom() => fixture.Cluster.GrainFactory.GetRoom(await fixture.NewPublicRoomAsync());

    private static async Task Post(IChatRoomGrain room, string author, params string[] texts)
    {
        foreach (var text in texts)
        {
            await room.Post(author, author, text, Guid.NewGuid().ToString("N"));
        }
    }

    private static async Task AssertUnchanged(IChatRoomGrain room, long lastSeq, string text)
    {
        Assert.Equal(lastSeq, (await room.GetInfo())!.LastSeq);
        var message = (await room.GetLatest("carol", 10))[0];
        Assert.Equal((text, (DateTimeOffset?)null, false), (message.Text, message.EditedAt, message.Deleted));
    }
}
