using Chapp.Grains;
using Chapp.Web.Chat;
using Chapp.Web.Chat.Rooms;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Chapp.Web.Tests;

/// <summary>Room presence through the hub: who is in the room, as each connection is told.</summary>
[Collection(WebCollection.Name)]
public sealed class HubPresenceTests(AppFixture app)
{
    private IGrainFactory Grains => app.Services.GetRequiredService<IGrainFactory>();

    [Fact]
    public async Task Presence_lists_who_joined_and_drops_a_user_whose_connection_stopped()
    {
        await using var alice = await TestUser.SignUpAsync(app);
        await using var bob = await TestUser.SignUpAsync(app);
        var roomId = await HubTestRooms.NewPublicAsync(Grains, alice.UserName);
        var aliceConnection = alice.NewHubConnection();
        var seen = new PresenceLog();
        aliceConnection.On<RoomPresence>("presence", seen.Add);
        await aliceConnection.StartAsync();
        await aliceConnection.InvokeAsync<JoinResult>("JoinRoom", roomId, 0L);

        var (bobConnection, _) = await bob.ConnectToRoomAsync(roomId);
        string[] both = [alice.UserName, bob.UserName];
        await seen.WaitFor(p => p.UserNames.Order().SequenceEqual(both.Order()));
        var framesSoFar = seen.All.Count;

        await bobConnection.StopAsync();
        await seen.WaitFor(p => p.UserNames.SequenceEqual([alice.UserName]), after: framesSoFar);
        Assert.All(seen.All, p => Assert.Equal(roomId, p.RoomId));
    }

    [Fact]
    public async Task A_joining_connection_gets_the_current_presence_without_waiting_for_a_change()
    {
        await using var alice = await TestUser.SignUpAsync(app);
        var roomId = await HubTestRooms.NewPublicAsync(Grains, alice.UserName);
        var (first, _) = await alice.ConnectToRoomAsync(roomId);
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!(await Grains.GetRoomPresence(roomId).Get()).Contains(alice.UserName))
        {
            Assert.True(DateTime.UtcNow < deadline, "The join was not reported to the presence grain within 5 s.");
            await Task.Delay(20);
        }

        // A second tab of the same user changes nothing, so only the join itself can tell it who is here.
        var second = alice.NewHubConnection();
        var seen = new PresenceLog();
        second.On<RoomPresence>("presence", seen.Add);
        await second.StartAsync();
        await second.InvokeAsync<JoinResult>("JoinRoom", roomId, 0L);

        await seen.WaitFor(p => p.UserNames.SequenceEqual([alice.UserName]));
        await first.StopAsync();
    }
}
