using System.Collections.Concurrent;
using Chapp.Grains;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Chapp.Web.Tests;

/// <summary>Editing, deleting and reacting over the hub (real Kestrel and SignalR), as people and as attackers.</summary>
[Collection(WebCollection.Name)]
public sealed class MessageChangeHubTests(AppFixture app)
{
    private IGrainFactory Grains => app.Services.GetRequiredService<IGrainFactory>();

    [Fact]
    public async Task Edits_deletes_and_reactions_reach_everyone_in_the_room_as_events_in_seq_order()
    {
        await using var alice = await TestUser.SignUpAsync(app);
        await using var bob = await TestUser.SignUpAsync(app);
        var roomId = await NewPublicRoom(alice.UserName);
        var (aliceConnection, _) = await alice.ConnectToRoomAsync(roomId);
        var (bobConnection, _) = await bob.ConnectToRoomAsync(roomId);
        var frames = Collect(bobConnection);
        var message = await TestUser.SendAsync(aliceConnection, roomId, "helo");

        await aliceConnection.InvokeAsync<ChatMessage>("EditMessage", roomId, message.Seq, "hello");
        await bobConnection.InvokeAsync<ChatMessage>("React", roomId, message.Seq, "👍", true);
        await aliceConnection.InvokeAsync<ChatMessage>("DeleteMessage", roomId, message.Seq);

        var seen = await WaitFor(frames, 4);
        Assert.Equal(
            [(RoomEventKind.Message, "helo"), (RoomEventKind.Edit, "hello"), (RoomEventKind.Reaction, "hello"), (RoomEventKind.Delete, "")],
            seen.Select(f => (f.Kind, f.Text)));
        Assert.Equal([1L, 2L, 3L, 4L], seen.Select(f => f.Seq));
        Assert.All(seen.Skip(1), f => Assert.Equal(message.Seq, f.TargetSeq));
        Assert.Equal(bob.UserName, Assert.Single(seen[2].Reactions!).Users.Single());
        Assert.True(seen[3].Deleted);
    }

    [Fact]
    public async Task Another_user_cannot_edit_or_delete_your_message_and_nothing_changes()
    {
        await using var alice = await TestUser.SignUpAsync(app);
        await using var mallory = await TestUser.SignUpAsync(app);
        var roomId = await NewPublicRoom(alice.UserName);
        var (aliceConnection, _) = await alice.ConnectToRoomAsync(roomId);
        var (malloryConnection, _) = await mallory.ConnectToRoomAsync(roomId);
        var message = await TestUser.SendAsync(aliceConnection, roomId, "mine");

        var edit = await Assert.ThrowsAsync<HubException>(
            () => malloryConnection.InvokeAsync<ChatMessage>("EditMessage", roomId, message.Seq, "pwned"));
        var delete = await Assert.ThrowsAsync<HubException>(
            () => malloryConnection.InvokeAsync<ChatMessage>("DeleteMessage", roomId, message.Seq));

        Assert.Contains("You can only edit your own messages.", edit.Message);
        Assert.Contains("You can only delete your own messages.", delete.Message);
        var log = await malloryConnection.InvokeAsync<IReadOnlyList<ChatMessage>>("GetMissed", roomId, 0L);
        Assert.Equal([("mine", false)], log.Select(m => (m.Text, m.Deleted)));
    }

    [Fact]
    public async Task An_outsider_of_a_private_conversation_is_told_there_is_no_such_room()
    {
        await using var alice = await TestUser.SignUpAsync(app);
        await using var bob = await TestUser.SignUpAsync(app);
        await using var mallory = await TestUser.SignUpAsync(app);
        var roomId = DirectRooms.RoomId(alice.UserName, bob.UserName);
        await Grains.GetRoom(roomId).Create("Alice and Bob", RoomKind.Private, alice.UserName, [bob.UserName]);
        var (aliceConnection, _) = await alice.ConnectToRoomAsync(roomId);
        var message = await TestUser.SendAsync(aliceConnection, roomId, "just us");
        var malloryConnection = mallory.NewHubConnection();
        await malloryConnection.StartAsync();

        foreach (var call in new Func<Task>[]
                 {
                     () => malloryConnection.InvokeAsync<ChatMessage>("EditMessage", roomId, message.Seq, "x"),
                     () => malloryConnection.InvokeAsync<ChatMessage>("DeleteMessage", roomId, message.Seq),
                     () => malloryConnection.InvokeAsync<ChatMessage>("React", roomId, message.Seq, "👍", true),
                 })
        {
            var error = await Assert.ThrowsAsync<HubException>(call);
            Assert.Contains($"There is no room '{roomId}'.", error.Message);
        }

        Assert.Equal(message.Seq, (await Grains.GetRoom(roomId).GetInfo())!.LastSeq);
    }

    [Fact]
    public async Task Joining_shows_messages_in_their_current_state_and_the_rooms_last_seq()
    {
        await using var alice = await TestUser.SignUpAsync(app);
        await using var bob = await TestUser.SignUpAsync(app);
        var roomId = await NewPublicRoom(alice.UserName);
        var (aliceConnection, _) = await alice.ConnectToRoomAsync(roomId);
        var first = await TestUser.SendAsync(aliceConnection, roomId, "first");
        await TestUser.SendAsync(aliceConnection, roomId, "second");
        await aliceConnection.InvokeAsync<ChatMessage>("EditMessage", roomId, first.Seq, "first, edited");
        await aliceConnection.InvokeAsync<ChatMessage>("DeleteMessage", roomId, 2L);

        var (_, joined) = await bob.ConnectToRoomAsync(roomId);

        Assert.Equal([("first, edited", false), ("", true)], joined.Messages.Select(m => (m.Text, m.Deleted)));
        Assert.All(joined.Messages, m => Assert.Equal(RoomEventKind.Message, m.Kind));
        Assert.Equal(4, joined.LastSeq);
    }

    private static ConcurrentQueue<ChatMessage> Collect(HubConnection connection)
    {
        var frames = new ConcurrentQueue<ChatMessage>();
        connection.On<ChatMessage>("message", frames.Enqueue);
        connection.On<ChatMessage[]>("messages", batch => Array.ForEach(batch, frames.Enqueue));
        return frames;
    }

    private static async Task<ChatMessage[]> WaitFor(ConcurrentQueue<ChatMessage> frames, int count)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (frames.Count < count && DateTime.UtcNow < until)
        {
            await Task.Delay(20);
        }

        return frames.ToArray();
    }

    private async Task<string> NewPublicRoom(string creator)
    {
        var roomId = "t-" + Guid.NewGuid().ToString("N")[..12];
        await Grains.GetRoom(roomId).Create("Room " + roomId, RoomKind.Public, creator, []);
        return roomId;
    }
}
