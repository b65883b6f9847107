using Chapp.Grains;
using Chapp.Web.Chat;
using Chapp.Web.Chat.Rooms;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Chapp.Web.Tests;

/// <summary>The hub contract, driven with the .NET SignalR client as a second process would: who may connect and what is refused.</summary>
[Collection(WebCollection.Name)]
public sealed class HubTests(AppFixture app)
{
    private IGrainFactory Grains => app.Services.GetRequiredService<IGrainFactory>();

    [Fact]
    public async Task Unauthenticated_connection_is_refused()
    {
        await using var anonymous = TestUser.Anonymous(app);
        var connection = anonymous.NewHubConnection();

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Equal(HubConnectionState.Disconnected, connection.State);
    }

    [Fact]
    public async Task Empty_and_too_long_messages_are_refused_and_nothing_is_stored()
    {
        await using var user = await TestUser.SignUpAsync(app);
        var roomId = await HubTestRooms.NewPublicAsync(Grains, user.UserName);
        var (connection, _) = await user.ConnectToRoomAsync(roomId);

        var empty = await Assert.ThrowsAsync<HubException>(() => TestUser.SendAsync(connection, roomId, "   "));
        var tooLong = await Assert.ThrowsAsync<HubException>(() => TestUser.SendAsync(connection, roomId, new string('x', 4001)));

        Assert.Contains("A message cannot be empty.", empty.Message);
        Assert.Contains("at most 4000 characters", tooLong.Message);
        var history = await connection.InvokeAsync<IReadOnlyList<ChatMessage>>("GetMissed", roomId, 0L);
        Assert.Empty(history);
    }

    [Fact]
    public async Task A_retried_client_message_id_is_stored_once()
    {
        await using var user = await TestUser.SignUpAsync(app);
        var roomId = await HubTestRooms.NewPublicAsync(Grains, user.UserName);
        var (connection, _) = await user.ConnectToRoomAsync(roomId);

        var first = await TestUser.SendAsync(connection, roomId, "hello once", "retry-1");
        var again = await TestUser.SendAsync(connection, roomId, "hello once", "retry-1");

        Assert.Equal(first.Seq, again.Seq);
        Assert.Equal(first.Id, again.Id);
        var history = await connection.InvokeAsync<IReadOnlyList<ChatMessage>>("GetMissed", roomId, 0L);
        Assert.Equal(["hello once"], history.Select(m => m.Text));
    }

    [Fact]
    public async Task Unknown_room_is_refused()
    {
        await using var user = await TestUser.SignUpAsync(app);
        var connection = user.NewHubConnection();
        await connection.StartAsync();

        var join = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<JoinResult>("JoinRoom", "no-such-room-here", 0L));
        var send = await Assert.ThrowsAsync<HubException>(() => TestUser.SendAsync(connection, "no-such-room-here", "hello?"));
        var bad = await Assert.ThrowsAsync<HubException>(() => TestUser.SendAsync(connection, "Not A Room!", "hello?"));

        Assert.Contains("There is no room 'no-such-room-here'", join.Message);
        Assert.Contains("There is no room 'no-such-room-here'", send.Message);
        Assert.Contains("A room id is", bad.Message);
    }

    [Fact]
    public async Task Sending_faster_than_the_limit_is_refused_with_a_readable_error()
    {
        await using var user = await TestUser.SignUpAsync(app);
        var roomId = await HubTestRooms.NewPublicAsync(Grains, user.UserName);
        var (connection, _) = await user.ConnectToRoomAsync(roomId);

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(async i =>
        {
            try
            {
                await TestUser.SendAsync(connection, roomId, "burst " + i);
                return null;
            }
            catch (HubException error)
            {
                return error.Message;
            }
        }));

        var refused = results.Where(r => r is not null).ToArray();
        Assert.NotEmpty(refused);
        Assert.All(refused, r => Assert.Contains("too fast", r));
        var stored = await connection.InvokeAsync<IReadOnlyList<ChatMessage>>("GetMissed", roomId, 0L);
        Assert.Equal(40 - refused.Length, stored.Count);
    }
}
