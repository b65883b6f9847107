using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using Chapp.Grains;
using Chapp.Web.Chat;
using Chapp.Web.Chat.Presence;
using Chapp.Web.Chat.Rooms;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Chapp.Web.Tests;

/// <summary>
/// A hostile user against other people's private conversations, on every path: squatting a conversation's address
/// with a public room, joining over the hub, reading history, posting, the page and its no-script form. Whatever
/// Mallory tries, a conversation she is not in answers exactly like a room that does not exist, and leaves no trace.
/// </summary>
[Collection(WebCollection.Name)]
public sealed partial class PrivateRoomTests(AppFixture app)
{
    private IGrainFactory Grains => app.Services.GetRequiredService<IGrainFactory>();

    [Fact]
    public async Task An_outsider_joining_a_conversation_over_the_hub_receives_nothing_and_is_not_present()
    {
        await using var alice = await TestUser.SignUpAsync(app);
        await using var bob = await TestUser.SignUpAsync(app);
        await using var mallory = await TestUser.SignUpAsync(app);
        var roomId = await OpenConversation(alice, bob);
        var (aliceConnection, _) = await alice.ConnectToRoomAsync(roomId);
        var (bobConnection, _) = await bob.ConnectToRoomAsync(roomId);
        var bobReceived = new TaskCompletionSource<ChatMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        bobConnection.On<ChatMessage>("message", m => bobReceived.TrySetResult(m));
        bobConnection.On<ChatMessage[]>("messages", m => bobReceived.TrySetResult(m[0]));

        var attacker = mallory.NewHubConnection();
        var leaked = new ConcurrentQueue<string>();
        attacker.On<ChatMessage>("message", m => leaked.Enqueue("message: " + m.Text));
        attacker.On<ChatMessage[]>("messages", m => leaked.Enqueue("messages: " + string.Join(", ", m.Select(x => x.Text))));
        attacker.On<RoomPresence>("presence", p => leaked.Enqueue("presence of " + p.RoomId));
        await attacker.StartAsync();
        var missingId = DirectRooms.RoomId(mallory.UserName, AppFixture.NewUserName());

        // Every hub path answers exactly as for a conversation that does not exist.
        Func<string, Task>[] attempts =
        [
            id => attacker.InvokeAsync<JoinResult>("JoinRoom", id, 0L),
            id => attacker.InvokeAsync<JoinResult>("JoinRoom", id, 5L),
            id => attacker.InvokeAsync<IReadOnlyList<ChatMessage>>("GetOlder", id, 100L),
            id => attacker.InvokeAsync<IReadOnlyList<ChatMessage>>("GetMissed", id, 0L),
            id => TestUser.SendAsync(attacker, id, "let me in"),
        ];
        foreach (var attempt in attempts)
        {
            var refused = await Assert.ThrowsAsync<HubException>(() => attempt(roomId));
            var missing = await Assert.ThrowsAsync<HubException>(() => attempt(missingId));
            Assert.Contains($"There is no room '{roomId}'.", refused.Message);
            Assert.Equal(missing.Message.Replace(missingId, "ID"), refused.Message.Replace(roomId, "ID"));
        }

        // The members talk. Once Bob has the message, the room's SignalR group has had it: Mallory gets nothing.
        await TestUser.SendAsync(aliceConnection, roomId, "just between us");
        await bobReceived.Task.WaitAsync(TimeSpan.FromSeconds(5));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Empty(leaked);

        var subscriptions = app.Services.GetRequiredService<RoomSubscriptions>();
        string[] members = [alice.UserName, bob.UserName];
        Assert.Equal(2, subscriptions.ConnectionCount(roomId));
        Assert.Equal(members.Order(StringComparer.Ordinal), app.Services.GetRequiredService<LocalPresence>().LocalUsers(roomId));
        var presence = await WaitForPresence(roomId, members.Length);
        Assert.Equal(members.Order(StringComparer.Ordinal), presence.Order(StringComparer.Ordinal));
        Assert.Equal(0, subscriptions.ConnectionCount(missingId));
        Assert.Equal(["just between us"], (await Grains.GetRoom(roomId).GetLatest(alice.UserName, 10)).Select(m => m.Text));
    }

    [Fact]
    public async Task A_public_room_cannot_squat_a_conversation_address_and_its_pages_look_missing_to_outsiders()
    {
        await using var alice = await TestUser.SignUpAsync(app);
        await using var bob = await TestUser.SignUpAsync(app);
        await using var mallory = await TestUser.SignUpAsync(app);
        var roomId = DirectRooms.RoomId(alice.UserName, bob.UserName); // user names are public

        // Mallory creates a public room whose address is Alice and Bob's conversation, before they ever talk.
        using var squat = await mallory.PostFormAsync("/?handler=Create", new() { ["RoomName"] = roomId }, formPage: "/");
        Assert.Equal("/", squat.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("Room addresses starting with &#x27;dm-&#x27; are kept for private conversations.", await squat.Content.ReadAsStringAsync());
        Assert.Null(await Grains.GetRoom(roomId).GetInfo());

        Assert.Equal(roomId, await OpenConversation(alice, bob));
        Assert.Equal(RoomKind.Private, (await Grains.GetRoom(roomId).GetInfo())!.Kind);

        // The page and its no-script form answer Mallory as for a conversation that does not exist.
        var missingId = DirectRooms.RoomId(alice.UserName, AppFixture.NewUserName());
        foreach (var (send, page) in new[] { (false, roomId), (false, missingId), (true, roomId), (true, missingId) })
        {
            using var response = send
                ? await mallory.PostFormAsync($"/rooms/{page}?handler=Send", new() { ["Text"] = "let me in", ["ClientMessageId"] = "m-1" }, formPage: "/")
                : await mallory.Http.GetAsync("/rooms/" + page);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal($"<h1>Room not found</h1> <p>There is no room &#x27;{page}&#x27; you can open.</p>", MainProblem(html));
        }

        Assert.Empty(await Grains.GetRoom(roomId).GetLatest(alice.UserName, 10));
        Assert.DoesNotContain(roomId, await Grains.GetUser(mallory.UserName).GetRooms());
    }

    // Opens the conversation through the home page form, as a person does, and returns its room id.
    internal static async Task<string> OpenConversation(TestUser from, TestUser with)
    {
        using var opened = await from.PostFormAsync("/?handler=Direct", new() { ["OtherUser"] = with.UserName }, formPage: "/");
        var path = opened.RequestMessage!.RequestUri!.AbsolutePath;
        Assert.StartsWith("/rooms/dm-", path);
        return path["/rooms/".Length..];
    }

    private async Task<IReadOnlyList<string>> WaitForPresence(string roomId, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        for (;;)
        {
            var present = await Grains.GetRoomPresence(roomId).Get();
            if (present.Count >= count || DateTime.UtcNow > deadline)
            {
                return present;
            }

            await Task.Delay(20);
        }
    }

    private static string MainProblem(string html)
    {
        var match = ProblemPattern().Match(html);
        Assert.True(match.Success, "No 'Room not found' heading in the page.");
        return WhiteSpace().Replace(match.Value, " ");
    }

    [GeneratedRegex("<h1>Room not found</h1>\\s*<p>[^<]*</p>")]
    private static partial Regex ProblemPattern();

    [GeneratedRegex("\\s+")]
    private static partial Regex WhiteSpace();
}
