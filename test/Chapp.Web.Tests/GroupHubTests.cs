using System.Collections.Concurrent;
using System.Net;
using Chapp.Grains;
using Chapp.Web.Chat;
using Chapp.Web.Chat.Rooms;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Chapp.Web.Tests;

/// <summary>
/// Group conversations over real HTTP and SignalR: made with the form, the member list, the topic told live, an
/// outsider refused on every new hub method like a missing room, and a member who leaves cut off at once.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class GroupHubTests(AppFixture app)
{
    private IGrainFactory Grains => app.Services.GetRequiredService<IGrainFactory>();

    [Fact]
    public async Task An_outsider_is_refused_members_topic_and_adding_exactly_as_for_a_missing_room()
    {
        await using var alice = await TestUser.SignUpAsync(app);
        await using var bob = await TestUser.SignUpAsync(app);
        await using var carol = await TestUser.SignUpAsync(app);
        await using var mallory = await TestUser.SignUpAsync(app);
        var roomId = await StartGroup(alice, bob, carol);
        var attacker = mallory.NewHubConnection();
        await attacker.StartAsync();
        var missingId = GroupRooms.NewRoomId();

        Func<string, Task>[] attempts =
        [
            id => attacker.InvokeAsync<IReadOnlyList<MemberView>>("GetMembers", id),
            id => attacker.InvokeAsync<RoomView>("SetTopic", id, "owned"),
            id => attacker.InvokeAsync<RoomView>("AddMembers", id, new[] { mallory.UserName }),
            id => attacker.InvokeAsync<JoinResult>("JoinRoom", id, 0L),
        ];
        foreach (var attempt in attempts)
        {
            var refused = await Assert.ThrowsAsync<HubException>(() => attempt(roomId));
            var missing = await Assert.ThrowsAsync<HubException>(() => attempt(missingId));
            Assert.Contains($"There is no room '{roomId}'.", refused.Message);
            Assert.Equal(missing.Message.Replace(missingId, "ID"), refused.Message.Replace(roomId, "ID"));
        }

        var room = (await Grains.GetRoom(roomId).GetInfo())!;
        Assert.Equal([alice.UserName, bob.UserName, carol.UserName], room.Members);
        Assert.Equal(string.Empty, room.Topic);
        Assert.Equal(0, app.Services.GetRequiredService<RoomSubscriptions>().ConnectionCount(roomId));

        // The page of the group is a missing room to her too.
        using var page = await mallory.Http.GetAsync("/rooms/" + roomId);
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
    }

    [Fact]
    public async Task Members_see_who_is_in_and_online_a_new_topic_arrives_live_and_a_member_who_leaves_stops_receiving()
    {
        await using var alice = await TestUser.SignUpAsync(app);
        await using var bob = await TestUser.SignUpAsync(app);
        await using var carol = await TestUser.SignUpAsync(app);
        var roomId = await StartGroup(alice, bob, carol);
        var (aliceConnection, aliceJoined) = await alice.ConnectToRoomAsync(roomId);
        Assert.Equal("Private", aliceJoined.Room.Kind);
        var rooms = new ConcurrentQueue<RoomView>();
        aliceConnection.On<RoomView>("room", rooms.Enqueue);

        // Carol has the group open in two tabs.
        var carolReceived = new ConcurrentQueue<string>();
        var carolRemoved = new ConcurrentQueue<string>();
        var carolTabs = new List<HubConnection>();
        for (var i = 0; i < 2; i++)
        {
            var (tab, _) = await carol.ConnectToRoomAsync(roomId);
            tab.On<ChatMessage>("message", m => carolReceived.Enqueue(m.Text));
            tab.On<ChatMessage[]>("messages", m => carolReceived.Enqueue(string.Join(",", m.Select(x => x.Text))));
            tab.On<string>("removed", carolRemoved.Enqueue);
            carolTabs.Add(tab);
        }

        // Presence is reported to the room's grain a moment after a join.
        IReadOnlyList<MemberView> members = [];
        await Until(async () => (members = await aliceConnection.InvokeAsync<IReadOnlyList<MemberView>>("GetMembers", roomId))
            .Count(m => m.Online) == 2, "Alice and Carol show as online");
        Assert.Equal(
            new[] { (alice.UserName, true), (carol.UserName, true), (bob.UserName, false) }.OrderBy(m => !m.Item2).ThenBy(m => m.Item1, StringComparer.OrdinalIgnoreCase),
            members.Select(m => (m.UserName, m.Online)));

        var (bobConnection, _) = await bob.ConnectToRoomAsync(roomId);
        var set = await bobConnection.InvokeAsync<RoomView>("SetTopic", roomId, "Friday release");
        Assert.Equal("Friday release", set.Topic);
        await Until(() => rooms.Any(r => r.Topic == "Friday release"), "Alice is told the new topic");
        var refused = await Assert.ThrowsAsync<HubException>(() => bobConnection.InvokeAsync<RoomView>("SetTopic", roomId, "bidi\u202Etrick"));
        Assert.Contains("A topic is at most 250 visible characters", refused.Message);

        await TestUser.SendAsync(aliceConnection, roomId, "before carol leaves");
        await Until(() => carolReceived.Count(t => t.Contains("before carol leaves")) == 2, "both of Carol's tabs get the message");

        // Carol leaves with the page's button (a form post).
        using var left = await carol.PostFormAsync($"/rooms/{roomId}?handler=Leave", new(), formPage: "/rooms/" + roomId);
        Assert.Equal("/", left.RequestMessage!.RequestUri!.AbsolutePath);
        await Until(() => carolRemoved.Count >= 2, "both of Carol's tabs are told she left");

        await TestUser.SendAsync(aliceConnection, roomId, "after carol left");
        var history = await bobConnection.InvokeAsync<IReadOnlyList<ChatMessage>>("GetMissed", roomId, 0L);
        Assert.Contains(history, m => m.Text == "after carol left");
        await Task.Delay(TimeSpan.FromSeconds(1)); // the message has reached the group by now: Bob read it back
        Assert.DoesNotContain(carolReceived, t => t.Contains("after carol left"));
        Assert.Equal(2, carolRemoved.Count); // each tab is told once, though her request and the room's stream both remove her

        foreach (var tab in carolTabs)
        {
            await Assert.ThrowsAsync<HubException>(() => tab.InvokeAsync<IReadOnlyList<ChatMessage>>("GetMissed", roomId, 0L));
            await Assert.ThrowsAsync<HubException>(() => tab.InvokeAsync<JoinResult>("JoinRoom", roomId, 0L));
        }

        Assert.DoesNotContain(roomId, await Grains.GetUser(carol.UserName).GetRooms());
        Assert.Equal([alice.UserName, bob.UserName], (await Grains.GetRoom(roomId).GetInfo())!.Members);
    }

    // Starts a group with the form, as a person does, and returns its room id.
    private static async Task<string> StartGroup(TestUser from, params TestUser[] with)
    {
        using var made = await from.PostFormAsync("/conversations/new",
            new() { ["People"] = string.Join(", ", with.Select(u => u.UserName)), ["Name"] = "" });
        var path = made.RequestMessage!.RequestUri!.AbsolutePath;
        Assert.True(path.StartsWith("/rooms/grp-", StringComparison.Ordinal), $"Not a group: {path} {await made.Content.ReadAsStringAsync()}");
        return path["/rooms/".Length..];
    }

    private static Task Until(Func<bool> condition, string what) => Until(() => Task.FromResult(condition()), what);

    private static async Task Until(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out: " + what);
            await Task.Delay(20);
        }
    }
}
