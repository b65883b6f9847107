using System.Collections.Concurrent;
using Chapp.Grains;
using Chapp.Web.Chat.Typing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Chapp.Web.Tests;

/// <summary>Typing notices over the hub: to the others in the room only, throttled, stopped, and never to outsiders.</summary>
[Collection(WebCollection.Name)]
public sealed class TypingHubTests(AppFixture app)
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(400);

    [Fact]
    public async Task A_notice_reaches_the_others_in_the_room_but_not_the_sender_nor_other_rooms()
    {
        await using var alice = await TestUser.SignUpAsync(app, displayName: "Alice A.");
        await using var bob = await TestUser.SignUpAsync(app);
        await using var carol = await TestUser.SignUpAsync(app);
        var roomId = await NewPublicRoom(alice.UserName);
        var elsewhere = await NewPublicRoom(carol.UserName);
        var (aliceHub, _) = await alice.ConnectToRoomAsync(roomId);
        var (bobHub, _) = await bob.ConnectToRoomAsync(roomId);
        var (carolHub, _) = await carol.ConnectToRoomAsync(elsewhere);
        var atAlice = Frames(aliceHub);
        var atBob = Frames(bobHub);
        var atCarol = Frames(carolHub);

        await aliceHub.InvokeAsync("Typing", roomId);

        var frame = await atBob.NextAsync();
        Assert.Equal(new TypingFrame(roomId, alice.UserName, "Alice A.", IsTyping: true), frame);
        await Task.Delay(Quiet);
        Assert.Empty(atAlice.All);
        Assert.Empty(atCarol.All);
        Assert.Single(atBob.All);
    }

    [Fact]
    public async Task A_flood_of_notices_is_throttled_to_one_a_second()
    {
        await using var alice = await TestUser.SignUpAsync(app);
        await using var bob = await TestUser.SignUpAsync(app);
        var roomId = await NewPublicRoom(alice.UserName);
        var (aliceHub, _) = await alice.ConnectToRoomAsync(roomId);
        var (bobHub, _) = await bob.ConnectToRoomAsync(roomId);
        var atBob = Frames(bobHub);

        for (var i = 0; i < 50; i++)
        {
            await aliceHub.InvokeAsync("Typing", roomId);
        }

        await atBob.NextAsync();
        await Task.Delay(Quiet);
        Assert.Single(atBob.All);

        await Task.Delay(TypingGate.MinInterval);
        await aliceHub.InvokeAsync("Typing", roomId);
        await atBob.NextAsync();
        Assert.Equal(2, atBob.All.Count);
    }

    [Fact]
    public async Task Sending_and_disconnecting_stop_the_notice_at_once()
    {
        await using var alice = await TestUser.SignUpAsync(app);
        await using var bob = await TestUser.SignUpAsync(app);
        var roomId = await NewPublicRoom(alice.UserName);
        var (aliceHub, _) = await alice.ConnectToRoomAsync(roomId);
        var (bobHub, _) = await bob.ConnectToRoomAsync(roomId);
        var atBob = Frames(bobHub);

        await aliceHub.InvokeAsync("Typing", roomId);
        Assert.True((await atBob.NextAsync()).IsTyping);
        await TestUser.SendAsync(aliceHub, roomId, "done typing");
        Assert.False((await atBob.NextAsync()).IsTyping);

        await aliceHub.InvokeAsync("Typing", roomId); // right after a send: not throttled
        Assert.True((await atBob.NextAsync()).IsTyping);
        await aliceHub.StopAsync();
        var stopped = await atBob.NextAsync();
        Assert.Equal(new TypingFrame(roomId, alice.UserName, alice.UserName, IsTyping: false), stopped);
    }

    [Fact]
    public async Task An_outsider_cannot_send_notices_to_a_private_conversation_and_hears_no_such_room()
    {
        await using var alice = await TestUser.SignUpAsync(app);
        await using var bob = await TestUser.SignUpAsync(app);
        await using var mallory = await TestUser.SignUpAsync(app);
        var roomId = await PrivateRoomTests.OpenConversation(alice, bob);
        var (bobHub, _) = await bob.ConnectToRoomAsync(roomId);
        var atBob = Frames(bobHub);
        var attacker = mallory.NewHubConnection();
        await attacker.StartAsync();
        var missingId = DirectRooms.RoomId(mallory.UserName, AppFixture.NewUserName());

        var refused = await Assert.ThrowsAsync<HubException>(() => attacker.InvokeAsync("Typing", roomId));
        var missing = await Assert.ThrowsAsync<HubException>(() => attacker.InvokeAsync("Typing", missingId));
        var junk = await Assert.ThrowsAsync<HubException>(() => attacker.InvokeAsync("Typing", "<script>"));

        Assert.Contains($"There is no room '{roomId}'.", refused.Message);
        Assert.Equal(missing.Message.Replace(missingId, "ID"), refused.Message.Replace(roomId, "ID"));
        Assert.Contains("There is no room", junk.Message);
        await Task.Delay(Quiet);
        Assert.Empty(atBob.All);
    }

    private async Task<string> NewPublicRoom(string creator)
    {
        var roomId = "t-" + Guid.NewGuid().ToString("N")[..12];
        await app.Services.GetRequiredService<IGrainFactory>().GetRoom(roomId).Create("Room " + roomId, RoomKind.Public, creator, []);
        return roomId;
    }

    private static Received Frames(HubConnection connection)
    {
        var received = new Received();
        connection.On<TypingFrame>("typing", received.Add);
        return received;
    }

    /// <summary>The typing frames one connection received, in order.</summary>
    private sealed class Received
    {
        private readonly ConcurrentQueue<TypingFrame> _all = new();
        private readonly SemaphoreSlim _arrived = new(0);
        private int _taken;

        public IReadOnlyList<TypingFrame> All => [.. _all];

        public void Add(TypingFrame frame)
        {
            _all.Enqueue(frame);
            _arrived.Release();
        }

        /// <summary>The next frame not taken yet (waits up to 5 s).</summary>
        public async Task<TypingFrame> NextAsync()
        {
            Assert.True(await _arrived.WaitAsync(TimeSpan.FromSeconds(5)), "no typing frame arrived");
            return All[_taken++];
        }
    }
}
