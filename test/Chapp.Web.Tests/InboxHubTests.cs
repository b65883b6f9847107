using Chapp.Grains;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Chapp.Web.Tests;

/// <summary>The inbox over the hub, as a user's tabs and devices see it: counts, shared read positions, resume.</summary>
[Collection(WebCollection.Name)]
public sealed class InboxHubTests(AppFixture app)
{
    private IGrainFactory Grains => app.Services.GetRequiredService<IGrainFactory>();

    [Fact]
    public async Task The_inbox_shows_each_joined_room_with_what_is_unread_and_who_named_the_user()
    {
        await using var alice = await TestUser.SignUpAsync(app);
        await using var bob = await TestUser.SignUpAsync(app);
        var (lobbyish, quiet) = (await NewPublicRoom(alice.UserName), await NewPublicRoom(alice.UserName));
        await OpenRoomPage(bob, lobbyish);
        await OpenRoomPage(bob, quiet);
        await PostAsync(lobbyish, alice.UserName, "one", $"@{bob.UserName} two", "three");

        var connection = await Connect(bob);
        var inbox = await Eventually(() => connection.InvokeAsync<Inbox>("OpenInbox"), i => i.Rooms[0].Mentions == 1);

        Assert.Equal(3, inbox.Seq); // two joins and the mention
        Assert.Equal([lobbyish, quiet], inbox.Rooms.Select(r => r.RoomId));
        var busy = inbox.Rooms[0];
        Assert.Equal(("Room " + lobbyish, "Public", 3L, 0L, 1), (busy.Name, busy.Kind, busy.LastSeq, busy.ReadSeq, busy.Mentions));
        Assert.NotNull(busy.LastAt);
        Assert.Equal((0L, 0L, 0, (DateTimeOffset?)null), (inbox.Rooms[1].LastSeq, inbox.Rooms[1].ReadSeq, inbox.Rooms[1].Mentions, inbox.Rooms[1].LastAt));
    }

    [Fact]
    public async Task Reading_on_one_device_reaches_the_users_other_connections_and_nobody_elses()
    {
        await using var alice = await TestUser.SignUpAsync(app);
        await using var bob = await TestUser.SignUpAsync(app);
        await using var mallory = await TestUser.SignUpAsync(app);
        var room = await NewPublicRoom(alice.UserName);
        await OpenRoomPage(bob, room);
        await OpenRoomPage(mallory, room);
        await PostAsync(room, alice.UserName, "a", "b", "c", "d");
        var (phone, laptop, eavesdropper) = (await Connect(bob), await Connect(bob), await Connect(mallory));
        var (phoneFrames, laptopFrames, malloryFrames) = (InboxFrames.On(phone), InboxFrames.On(laptop), InboxFrames.On(eavesdropper));
        await phone.InvokeAsync<Inbox>("OpenInbox");
        var before = await laptop.InvokeAsync<Inbox>("OpenInbox");
        var mallorys = await eavesdropper.InvokeAsync<Inbox>("OpenInbox");

        var entry = await phone.InvokeAsync<InboxEntry?>("MarkRead", room, 3L);

        Assert.Equal(3, entry!.ReadSeq);
        var read = await laptopFrames.WaitForEvent(e => e.Kind == "read", "read event on the laptop");
        Assert.Equal((before.Seq + 1, room, 3L, 4L), (read.Seq, read.RoomId, read.Entry!.ReadSeq, read.Entry.LastSeq));
        await phoneFrames.WaitForEvent(e => e.Kind == "read", "read event on the phone itself");

        // A reload (a new connection) sees the stored position; an older position from a late tab changes nothing.
        await phone.InvokeAsync<InboxEntry?>("MarkRead", room, 1L);
        var reloaded = await (await Connect(bob)).InvokeAsync<Inbox>("OpenInbox");
        Assert.Equal(3, Assert.Single(reloaded.Rooms).ReadSeq);
        Assert.Equal(before.Seq + 1, reloaded.Seq);
        await Task.Delay(200);
        // A subscription may be handed the stream's last event from before it (her own "joined", at or below the
        // seq OpenInbox returned, which the client drops); nothing of Bob's and nothing newer may reach her.
        Assert.DoesNotContain(malloryFrames.Events, e => e.Seq > mallorys.Seq || e.Kind == "read");
    }

    [Fact]
    public async Task After_a_disconnect_the_missed_events_come_back_once_each_and_then_live_ones_follow()
    {
        await using var alice = await TestUser.SignUpAsync(app);
        await using var bob = await TestUser.SignUpAsync(app);
        var (first, second, third) = (await NewPublicRoom(alice.UserName), await NewPublicRoom(alice.UserName), await NewPublicRoom(alice.UserName));
        await OpenRoomPage(bob, first);
        var connection = await Connect(bob);
        var frames = InboxFrames.On(connection);
        var seen = (await connection.InvokeAsync<Inbox>("OpenInbox")).Seq;
        await OpenRoomPage(bob, second);
        seen = (await frames.WaitForEvent(e => e.RoomId == second, "the join of the second room")).Seq;
        await connection.StopAsync();

        // While Bob is away: another tab reads, he joins a room, someone names him.
        await PostAsync(first, alice.UserName, "x", "y");
        var otherTab = await Connect(bob);
        await otherTab.InvokeAsync<InboxEntry?>("MarkRead", first, 2L);
        await OpenRoomPage(bob, third);
        await PostAsync(third, alice.UserName, $"@{bob.UserName} welcome");
        await Eventually(() => Grains.GetUserInbox(bob.UserName).GetInbox(), i => i.Rooms.Sum(r => r.Mentions) == 1);

        var back = bob.NewHubConnection();
        var backFrames = InboxFrames.On(back);
        await back.StartAsync();
        await back.InvokeAsync<Inbox>("OpenInbox");
        var missed = await back.InvokeAsync<UserEvents>("GetUserEvents", seen);

        Assert.False(missed.Reset);
        Assert.Equal([seen + 1, seen + 2, seen + 3], missed.Events.Select(e => e.Seq));
        Assert.Equal(["read", "joined", "mention"], missed.Events.Select(e => e.Kind));
        Assert.Equal(1, missed.Events[2].Entry!.Mentions);

        await OpenRoomPage(bob, first); // already listed: no event
        await Grains.GetUser(bob.UserName).LeaveRoom(second);
        var left = await backFrames.WaitForEvent(e => e.Kind == "left", "the live left event");
        Assert.Equal((seen + 4, second), (left.Seq, left.RoomId));
        Assert.Single(backFrames.Events, e => e.Kind == "left");
    }

    [Fact]
    public async Task A_background_room_brings_activity_frames_and_an_open_room_brings_the_messages_instead()
    {
        await using var alice = await TestUser.SignUpAsync(app);
        await using var bob = await TestUser.SignUpAsync(app);
        var (open, background) = (await NewPublicRoom(alice.UserName), await NewPublicRoom(alice.UserName));
        await OpenRoomPage(bob, open);
        await OpenRoomPage(bob, background);
        var (connection, _) = await bob.ConnectToRoomAsync(open);
        var frames = InboxFrames.On(connection);
        var messages = new List<ChatMessage>();
        connection.On<ChatMessage>("message", m => { lock (messages) { messages.Add(m); } });
        await connection.InvokeAsync<Inbox>("OpenInbox");

        await PostAsync(background, alice.UserName, "elsewhere 1");
        var first = await frames.WaitForActivity(a => a.RoomId == background, "activity of the background room");
        Assert.Equal(1, first.Seq);
        await PostAsync(open, alice.UserName, "here 1");
        await WaitUntil(() => { lock (messages) { return messages.Count == 1; } });

        // Opening the background room on this connection turns its activity into messages; closing it turns it back.
        await connection.InvokeAsync<Chat.JoinResult>("JoinRoom", background, 1L);
        await PostAsync(background, alice.UserName, "elsewhere 2");
        await WaitUntil(() => { lock (messages) { return messages.Any(m => m.Text == "elsewhere 2"); } });
        var whileOpen = frames.Activity;
        await connection.InvokeAsync("LeaveRoom", background);
        await PostAsync(background, alice.UserName, "elsewhere 3");
        await frames.WaitForActivity(a => a.Seq == 3, "activity after closing the room");

        Assert.Equal([(background, 1L)], whileOpen.Select(a => (a.RoomId, a.Seq)));
        // Closing watches the room before leaving it, so a batch on its way then may also come as activity (never
        // neither way); the client drops activity at or below what the room showed. Nothing else may arrive.
        var afterClose = frames.Activity.Skip(whileOpen.Count).Select(a => (a.RoomId, a.Seq)).ToList();
        Assert.Contains(afterClose, a => a == (background, 3L));
        Assert.All(afterClose, a => Assert.True(a.RoomId == background && a.Seq is 2 or 3, $"unexpected activity {a}"));
        lock (messages)
        {
            Assert.Equal(["here 1", "elsewhere 2"], messages.Select(m => m.Text));
        }
    }

    [Fact]
    public async Task Activity_follows_the_users_list_live_and_reaches_nobody_who_did_not_join()
    {
        await using var alice = await TestUser.SignUpAsync(app);
        await using var bob = await TestUser.SignUpAsync(app);
        await using var mallory = await TestUser.SignUpAsync(app);
        var room = await NewPublicRoom(alice.UserName);
        var conversation = DirectRooms.RoomId(alice.UserName, bob.UserName);
        await Grains.GetRoom(conversation).Create("a & b", RoomKind.Private, alice.UserName, [bob.UserName]);
        var (bobs, mallorys) = (await Connect(bob), await Connect(mallory));
        var (bobFrames, malloryFrames) = (InboxFrames.On(bobs), InboxFrames.On(mallorys));
        await bobs.InvokeAsync<Inbox>("OpenInbox");
        await mallorys.InvokeAsync<Inbox>("OpenInbox");

        // Bob joins a room while his inbox is open: its activity starts without reopening the inbox.
        await OpenRoomPage(bob, room);
        await bobFrames.WaitForEvent(e => e.Kind == "joined" && e.RoomId == room, "the joined event");
        await PostAsync(room, alice.UserName, "hello");
        await PostAsync(conversation, alice.UserName, "just us");
        await bobFrames.WaitForActivity(a => a.RoomId == room, "activity of the joined room");
        await bobFrames.WaitForActivity(a => a.RoomId == conversation, "activity of the conversation");

        // He leaves it: no more activity from there.
        await Grains.GetUser(bob.UserName).LeaveRoom(room);
        await bobFrames.WaitForEvent(e => e.Kind == "left", "the left event");
        await PostAsync(room, alice.UserName, "anyone?");
        await PostAsync(conversation, alice.UserName, "still here");
        await bobFrames.WaitForActivity(a => a.RoomId == conversation && a.Seq == 2, "the conversation's second message");

        Assert.DoesNotContain(bobFrames.Activity, a => a.RoomId == room && a.Seq == 2);
        Assert.Empty(malloryFrames.Activity);
        Assert.Empty(malloryFrames.Events);
    }

    [Fact]
    public async Task A_user_stream_subscription_the_cluster_lost_is_repaired_and_events_flow_again()
    {
        await using var alice = await TestUser.SignUpAsync(app);
        await using var bob = await TestUser.SignUpAsync(app);
        var room = await NewPublicRoom(alice.UserName);
        await OpenRoomPage(bob, room);
        await PostAsync(room, alice.UserName, "a", "b");
        var connection = await Connect(bob);
        var frames = InboxFrames.On(connection);
        await connection.InvokeAsync<Inbox>("OpenInbox");
        var stream = app.Services.GetRequiredService<IClusterClient>().GetStreamProvider(ChappNames.StreamProvider)
            .GetStream<UserEvent>(Orleans.Runtime.StreamId.Create(ChappNames.UserStreamNamespace, ChappGrainFactoryExtensions.Normalize(bob.UserName)));

        // What a silo crash does to the in-memory PubSub state: the cluster forgets this process's subscription.
        foreach (var handle in await stream.GetAllSubscriptionHandles())
        {
            await handle.UnsubscribeAsync();
        }

        Assert.True(await app.Services.GetRequiredService<Chat.Users.UserFeeds>().RepairAsync(CancellationToken.None) >= 1);
        Assert.Single(await stream.GetAllSubscriptionHandles());
        await Grains.GetUserInbox(bob.UserName).MarkRead(room, 2);
        await frames.WaitForEvent(e => e.Kind == "read", "the read event after the repair");
    }

    [Fact]
    public async Task Hostile_inbox_calls_get_a_clear_error_and_change_nothing()
    {
        await using var alice = await TestUser.SignUpAsync(app);
        await using var bob = await TestUser.SignUpAsync(app);
        var room = await NewPublicRoom(alice.UserName);
        await OpenRoomPage(bob, room);
        await PostAsync(room, alice.UserName, "a", "b");
        var connection = await Connect(bob);
        var before = await connection.InvokeAsync<Inbox>("OpenInbox");

        var badRoom = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<InboxEntry?>("MarkRead", "<script>", 1L));
        var negative = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<InboxEntry?>("MarkRead", room, -1L));
        var badSeq = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<UserEvents>("GetUserEvents", -5L));
        var future = await connection.InvokeAsync<UserEvents>("GetUserEvents", long.MaxValue);
        var notListed = await connection.InvokeAsync<InboxEntry?>("MarkRead", await NewPublicRoom(alice.UserName), 1L);

        Assert.Contains("A room id is 1–40 characters", badRoom.Message);
        Assert.Contains("A read position cannot be negative.", negative.Message);
        Assert.Contains("A user event seq cannot be negative.", badSeq.Message);
        Assert.True(future.Reset);
        Assert.Null(notListed);
        Assert.Equal(before, await connection.InvokeAsync<Inbox>("OpenInbox"), InboxComparer.Instance);
    }

    private async Task<HubConnection> Connect(TestUser user)
    {
        var connection = user.NewHubConnection();
        await connection.StartAsync();
        return connection;
    }

    // The room page adds the room to the reader's list, as a person opening it does.
    private static async Task OpenRoomPage(TestUser user, string roomId)
    {
        using var response = await user.Http.GetAsync("/rooms/" + roomId);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    private async Task PostAsync(string roomId, string author, params string[] texts)
    {
        foreach (var text in texts)
        {
            await Grains.GetRoom(roomId).Post(author, author, text, Guid.NewGuid().ToString("N"));
        }
    }

    private async Task<string> NewPublicRoom(string creator)
    {
        var roomId = "t-" + Guid.NewGuid().ToString("N")[..12];
        await Grains.GetRoom(roomId).Create("Room " + roomId, RoomKind.Public, creator, []);
        return roomId;
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not come true in 5 s.");
            await Task.Delay(20);
        }
    }

    internal static async Task<T> Eventually<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        for (;;)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(50);
        }
    }

    // Records with list members compare lists by reference; an inbox is the same when its seq and rooms are.
    private sealed class InboxComparer : IEqualityComparer<Inbox>
    {
        public static readonly InboxComparer Instance = new();

        public bool Equals(Inbox? x, Inbox? y) => x!.Seq == y!.Seq && x.Rooms.SequenceEqual(y.Rooms);

        public int GetHashCode(Inbox obj) => obj.Seq.GetHashCode();
    }
}
