using System.Collections.Concurrent;
using Chapp.Grains;
using Chapp.Grains.Tests;
using Chapp.Web.Chat;
using Chapp.Web.Chat.Rooms;
using Chapp.Web.Chat.Typing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Streams;

namespace Chapp.Web.Tests;

/// <summary>
/// A room open in a process costs it two PubSub subscriptions, messages and the side stream, and what the side stream
/// carries (presence, description changes) still reaches the browsers, also after the cluster lost the subscription.
/// Typing in one process stays off the stream; typing across processes over it: <c>TypingClusterTests</c>.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class RoomSideStreamTests(AppFixture app)
{
    private IClusterClient Client => app.Services.GetRequiredService<IClusterClient>();

    [Fact]
    public async Task A_room_open_here_takes_two_pubsub_subscriptions_and_presence_and_a_new_topic_still_reach_the_browser()
    {
        await using var alice = await TestUser.SignUpAsync(app);
        await using var bob = await TestUser.SignUpAsync(app);
        var roomId = await HubTestRooms.NewPublicAsync(Client, alice.UserName);
        var (aliceConnection, presence, rooms) = await Watch(alice, roomId);

        await bob.ConnectToRoomAsync(roomId);
        string[] both = [alice.UserName, bob.UserName];
        await presence.WaitFor(p => p.UserNames.Order().SequenceEqual(both.Order()));
        await Client.GetRoom(roomId).SetTopic(bob.UserName, "Side by side");
        await HubTestRooms.WaitUntil(() => rooms.Any(r => r.Topic == "Side by side"));

        Assert.Equal(["room/" + roomId, "roomside/" + roomId], await PubSubStreamsOf(roomId));
        Assert.Single(await Handles<ChatMessage>(ChappNames.RoomStreamNamespace, roomId));
        Assert.Single(await Handles<IRoomSideEvent>(ChappNames.RoomSideStreamNamespace, roomId));
        await aliceConnection.StopAsync();
    }

    [Fact]
    public async Task A_side_subscription_the_cluster_lost_is_repaired_and_a_new_topic_reaches_the_browser_again()
    {
        await using var alice = await TestUser.SignUpAsync(app);
        var roomId = await HubTestRooms.NewPublicAsync(Client, alice.UserName);
        var (aliceConnection, presence, rooms) = await Watch(alice, roomId);
        await presence.WaitFor(p => p.UserNames.Contains(alice.UserName));

        // What a silo crash does to the in-memory PubSub state: the cluster forgets this process's subscription.
        foreach (var handle in await Handles<IRoomSideEvent>(ChappNames.RoomSideStreamNamespace, roomId))
        {
            await handle.UnsubscribeAsync();
        }

        Assert.Empty(await Handles<IRoomSideEvent>(ChappNames.RoomSideStreamNamespace, roomId));
        Assert.True(await app.Services.GetRequiredService<RoomSubscriptions>().RepairAsync(CancellationToken.None) >= 1);

        Assert.Single(await Handles<IRoomSideEvent>(ChappNames.RoomSideStreamNamespace, roomId));
        // A new subscription hears what is published after its handshake; until then a change can pass it by.
        for (var attempt = 1; !rooms.Any(r => r.Topic.StartsWith("Repaired", StringComparison.Ordinal)); attempt++)
        {
            Assert.True(attempt <= 10, "No topic change reached the browser after the repair.");
            await Client.GetRoom(roomId).SetTopic(alice.UserName, "Repaired " + attempt);
            await Task.Delay(500);
        }

        await aliceConnection.StopAsync();
    }

    [Fact]
    public async Task In_one_process_typing_reaches_the_room_and_never_touches_the_side_stream()
    {
        await using var alice = await TestUser.SignUpAsync(app);
        await using var bob = await TestUser.SignUpAsync(app);
        var roomId = await HubTestRooms.NewPublicAsync(Client, alice.UserName);
        var (aliceHub, _) = await alice.ConnectToRoomAsync(roomId);
        var (bobHub, _) = await bob.ConnectToRoomAsync(roomId);
        var atBob = new ConcurrentQueue<TypingFrame>();
        bobHub.On<TypingFrame>("typing", atBob.Enqueue);
        await using var side = await StreamProbe<IRoomSideEvent>.SubscribeToSideAsync(Client, roomId);
        var topics = 0;
        await side.LiveAsync(async () =>
        {
            var topic = "live " + Interlocked.Increment(ref topics);
            await Client.GetRoom(roomId).SetTopic(alice.UserName, topic);
            return e => e is RoomChanged c && c.Topic == topic;
        });

        await aliceHub.InvokeAsync("Typing", roomId);

        await HubTestRooms.WaitUntil(() => atBob.Any(f => f.UserName == alice.UserName && f.IsTyping));
        await Task.Delay(400);
        Assert.DoesNotContain(side.Received, e => e is TypingNotice);
    }

    // A connection that hears presence and description changes from the moment it joins.
    private static async Task<(HubConnection Connection, PresenceLog Presence, ConcurrentQueue<RoomView> Rooms)> Watch(TestUser user, string roomId)
    {
        var connection = user.NewHubConnection();
        var presence = new PresenceLog();
        var rooms = new ConcurrentQueue<RoomView>();
        connection.On<RoomPresence>("presence", presence.Add);
        connection.On<RoomView>("room", rooms.Enqueue);
        await connection.StartAsync();
        await connection.InvokeAsync<JoinResult>("JoinRoom", roomId, 0L);
        return (connection, presence, rooms);
    }

    // The streams of the room that have a PubSub rendezvous grain in the cluster, as "namespace/key".
    private async Task<string[]> PubSubStreamsOf(string roomId)
    {
        var statistics = await Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        return statistics
            .Select(s => s.GrainId)
            .Where(id => id.Type.ToString()!.Contains("pubsub", StringComparison.OrdinalIgnoreCase)
                && id.Key.ToString()!.EndsWith("/" + roomId, StringComparison.Ordinal))
            .Select(id => id.Key.ToString()!.Split('/') is var parts ? parts[^2] + "/" + parts[^1] : "")
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    private Task<IList<StreamSubscriptionHandle<T>>> Handles<T>(string streamNamespace, string roomId) =>
        RoomStream<T>(streamNamespace, roomId).GetAllSubscriptionHandles();

    private IAsyncStream<T> RoomStream<T>(string streamNamespace, string roomId) =>
        Client.GetStreamProvider(ChappNames.StreamProvider).GetStream<T>(StreamId.Create(streamNamespace, roomId));
}
