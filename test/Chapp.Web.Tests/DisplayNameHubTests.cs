using System.Collections.Concurrent;
using Chapp.Grains;
using Chapp.Web.Chat;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Chapp.Web.Tests;

/// <summary>
/// Who reacted, by display name, over the hub: the server names reactors in what it sends (a reaction event names its
/// actor, a history answer every reactor), so there is no name look-up a client could flood with made-up names.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class DisplayNameHubTests(AppFixture app)
{
    private IGrainFactory Grains => app.Services.GetRequiredService<IGrainFactory>();

    [Fact]
    public async Task A_reaction_names_its_reactor_live_and_every_history_answer_names_all_reactors()
    {
        await using var alice = await TestUser.SignUpAsync(app, displayName: "Alice A");
        await using var carol = await TestUser.SignUpAsync(app, displayName: "Carol <b>C</b>");
        await using var dave = await TestUser.SignUpAsync(app, displayName: "Dave D");
        var roomId = await HubTestRooms.NewPublicAsync(Grains, alice.UserName);
        var (aliceConnection, _) = await alice.ConnectToRoomAsync(roomId);
        var live = new ConcurrentQueue<MessageFrame>();
        aliceConnection.On<MessageFrame>("message", live.Enqueue);
        aliceConnection.On<MessageFrame[]>("messages", batch => Array.ForEach(batch, live.Enqueue));
        var message = await TestUser.SendAsync(aliceConnection, roomId, "lunch?");
        var (carolConnection, _) = await carol.ConnectToRoomAsync(roomId);

        await carolConnection.InvokeAsync<MessageFrame>("React", roomId, message.Seq, "👍", true);

        // Live: the event names Carol although Alice's page has never seen anything of hers.
        await HubTestRooms.WaitUntil(() => live.Any(f => f.Kind == RoomEventKind.Reaction));
        var reaction = live.Single(f => f.Kind == RoomEventKind.Reaction);
        Assert.Equal("Carol <b>C</b>", reaction.ReactorNames![carol.UserName]);

        // History: a first join, a catch-up and a page around a message name every reactor.
        var (daveConnection, joined) = await dave.ConnectToRoomAsync(roomId);
        await daveConnection.InvokeAsync<MessageFrame>("React", roomId, message.Seq, "👍", true);
        Assert.Equal("Carol <b>C</b>", Assert.Single(joined.Messages).ReactorNames![carol.UserName]);
        var missed = await daveConnection.InvokeAsync<MessageFrame[]>("GetMissed", roomId, 0L);
        var around = await daveConnection.InvokeAsync<MessageFrame[]>("GetAround", roomId, message.Seq);
        foreach (var frame in new[] { missed.Last(), around.Single() })
        {
            Assert.Equal("Carol <b>C</b>", frame.ReactorNames![carol.UserName]);
            Assert.Equal("Dave D", frame.ReactorNames![dave.UserName]);
        }
    }

    [Fact]
    public async Task A_hostile_client_asking_for_made_up_names_gets_a_clear_error_and_wakes_no_user_grain()
    {
        await using var mallory = await TestUser.SignUpAsync(app);
        var connection = mallory.NewHubConnection();
        await connection.StartAsync();
        var madeUp = Enumerable.Range(0, 100).Select(_ => AppFixture.NewUserName("ghost")).ToArray();

        for (var round = 0; round < 3; round++)
        {
            var refused = await Assert.ThrowsAsync<HubException>(
                () => connection.InvokeAsync<Dictionary<string, string>>("GetDisplayNames", madeUp));
            Assert.Contains("Method does not exist", refused.Message, StringComparison.Ordinal);
        }

        // Not one of the made-up names has a user grain activation.
        var management = Grains.GetGrain<IManagementGrain>(0);
        var active = await management.GetActiveGrains(Grains.GetUser(madeUp[0]).GetGrainId().Type);
        Assert.Empty(madeUp.Select(n => Grains.GetUser(n).GetGrainId()).Intersect(active));
        Assert.NotEmpty(active); // the count is real: Mallory's own user grain is active

        // The connection still works.
        Assert.Equal(HubConnectionState.Connected, connection.State);
        Assert.NotNull(await connection.InvokeAsync<object>("OpenInbox"));
    }
}
