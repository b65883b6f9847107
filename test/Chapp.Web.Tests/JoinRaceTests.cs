using Chapp.Grains;
using Chapp.Web.Chat;
using Chapp.Web.Chat.Presence;
using Chapp.Web.Chat.Rooms;
using System.Net.WebSockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;

namespace Chapp.Web.Tests;

/// <summary>
/// A client that starts joining a room and drops the connection at once, again and again: the close can be handled
/// while the join is still on its way, and the join must then not leave the connection counted in the room (which
/// would keep the subscription and the user's presence forever).
/// </summary>
[Collection(WebCollection.Name)]
public sealed class JoinRaceTests(AppFixture app)
{
    [Fact]
    public async Task Connections_dropped_while_joining_leave_no_entry_and_no_presence()
    {
        await using var user = await TestUser.SignUpAsync(app);
        var grains = app.Services.GetRequiredService<IGrainFactory>();
        var subscriptions = app.Services.GetRequiredService<RoomSubscriptions>();
        var presence = app.Services.GetRequiredService<LocalPresence>();

        // 150 rounds, one after another; the close overtakes the join in a few percent of them.
        var rooms = Enumerable.Range(0, 150).Select(_ => "t-" + Guid.NewGuid().ToString("N")[..12]).ToArray();
        foreach (var roomId in rooms)
        {
            // A fresh room each time: its first join subscribes to the streams, the slow part.
            await grains.GetRoom(roomId).Create("Room " + roomId, RoomKind.Public, user.UserName, []);
            await JoinAndCloseAtOnce(user, roomId);
        }

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (rooms.Any(r => subscriptions.ConnectionCount(r) > 0 || presence.LocalUsers(r).Count > 0) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.All(rooms, r =>
        {
            Assert.Equal(0, subscriptions.ConnectionCount(r));
            Assert.Empty(presence.LocalUsers(r));
            Assert.False(subscriptions.IsSubscribed(r));
        });
    }

    // One WebSocket frame with the handshake, a JoinRoom call and a close: the server starts the join, reads the
    // close while the join awaits the room grain, and handles the close before the join gets to count itself in.
    private static async Task JoinAndCloseAtOnce(TestUser user, string roomId)
    {
        using var socket = new ClientWebSocket();
        socket.Options.Cookies = user.Cookies;
        var uri = new UriBuilder(new Uri(user.Http.BaseAddress!, "hubs/chat")) { Scheme = "ws" }.Uri;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.ConnectAsync(uri, timeout.Token);
        var frame = "{\"protocol\":\"json\",\"version\":1}\u001e"
            + $"{{\"type\":1,\"target\":\"JoinRoom\",\"arguments\":[\"{roomId}\",0]}}\u001e"
            + "{\"type\":7}\u001e";
        await socket.SendAsync(Encoding.UTF8.GetBytes(frame), WebSocketMessageType.Text, true, timeout.Token);
        socket.Abort();
    }
}
