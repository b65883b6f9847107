using Chapp.Grains;
using Chapp.Web.Chat;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Streams;

namespace Chapp.Web.Tests;

/// <summary>
/// Mistakes in the delivery path that users would only notice later: a process that keeps its cluster subscription
/// after its last connection left, and presence that is reported once and never refreshed.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class DeliveryGuardTests(AppFixture app)
{
    private IClusterClient Client => app.Services.GetRequiredService<IClusterClient>();

    [Fact]
    public async Task The_last_connection_leaving_a_room_removes_this_process_subscriptions_from_the_cluster()
    {
        await using var user = await TestUser.SignUpAsync(app);
        var roomId = await NewPublicRoom();
        var (connection, _) = await user.ConnectToRoomAsync(roomId);
        Assert.Single(await Handles<ChatMessage>(ChappNames.RoomStreamNamespace, roomId));
        Assert.Single(await Handles<IRoomSideEvent>(ChappNames.RoomSideStreamNamespace, roomId));

        await connection.StopAsync();

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((await Handles<ChatMessage>(ChappNames.RoomStreamNamespace, roomId)).Count > 0
            || (await Handles<IRoomSideEvent>(ChappNames.RoomSideStreamNamespace, roomId)).Count > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "The cluster still holds this process's subscriptions of the room 10 s after its last connection left.");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task A_connected_user_stays_present_long_after_the_report_expiry()
    {
        await using var user = await TestUser.SignUpAsync(app);
        var roomId = await NewPublicRoom();
        await user.ConnectToRoomAsync(roomId);
        var presence = Client.GetRoomPresence(roomId);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!(await presence.Get()).Contains(user.UserName))
        {
            Assert.True(DateTime.UtcNow < deadline, "The user was never reported present.");
            await Task.Delay(100);
        }

        // Three expiries: only reports refreshed all along keep the user listed.
        var until = DateTime.UtcNow + 3 * AppFixture.PresenceExpiry;
        while (DateTime.UtcNow < until)
        {
            Assert.Contains(user.UserName, await presence.Get());
            await Task.Delay(250);
        }
    }

    private Task<IList<StreamSubscriptionHandle<T>>> Handles<T>(string streamNamespace, string roomId) =>
        Client.GetStreamProvider(ChappNames.StreamProvider).GetStream<T>(StreamId.Create(streamNamespace, roomId)).GetAllSubscriptionHandles();

    private async Task<string> NewPublicRoom()
    {
        var roomId = "g-" + Guid.NewGuid().ToString("N")[..12];
        await Client.GetRoom(roomId).Create("Guard " + roomId, RoomKind.Public, "system", []);
        return roomId;
    }
}
