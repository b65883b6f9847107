using System.Net;
using Chapp.Grains;
using Chapp.Web.Chat;
using Chapp.Web.Chat.Rooms;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Chapp.Web.Tests;

/// <summary>
/// One account hammering each costly action, on a server with low limits: every refusal is a readable message
/// and a refused action changes nothing.
/// </summary>
public sealed class LimitTests(LimitTests.LowLimitsApp app) : IClassFixture<LimitTests.LowLimitsApp>
{
    private IGrainFactory Grains => app.Services.GetRequiredService<IGrainFactory>();

    [Fact]
    public async Task Creating_rooms_faster_than_the_limit_is_refused_with_a_readable_429_and_nothing_is_created()
    {
        await using var user = await TestUser.SignUpAsync(app);
        var names = Enumerable.Range(1, 3).Select(i => $"Spam {i} {Guid.NewGuid():N}"[..30]).ToArray();

        var responses = new List<(HttpStatusCode Status, string Html)>();
        foreach (var name in names)
        {
            using var response = await user.PostFormAsync("/?handler=Create", new() { ["RoomName"] = name }, formPage: "/");
            responses.Add((response.StatusCode, await response.Content.ReadAsStringAsync()));
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], responses.Select(r => r.Status));
        Assert.Contains("You are creating rooms too fast. Wait a minute and try again.", responses[2].Html, StringComparison.Ordinal);
        Assert.Null(await Grains.GetRoom(ChatRules.RoomIdFromName(names[2])).GetInfo());
        Assert.DoesNotContain(names[2], (await Grains.GetRoomDirectory().List()).Select(r => r.Name));
    }

    [Fact]
    public async Task Searching_faster_than_the_limit_is_refused_on_the_hub_and_the_page()
    {
        await using var user = await TestUser.SignUpAsync(app);
        var hub = user.NewHubConnection();
        await hub.StartAsync();

        await hub.InvokeAsync<Chapp.Web.Search.SearchResults>("Search", "anything", 1);
        await hub.InvokeAsync<Chapp.Web.Search.SearchResults>("Search", "anything", 1);
        var refused = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<Chapp.Web.Search.SearchResults>("Search", "anything", 1));
        using var page = await user.Http.GetAsync("/search?q=anything");

        Assert.Contains("You are searching too fast. Wait a moment and try again.", refused.Message);
        Assert.Equal(HttpStatusCode.TooManyRequests, page.StatusCode);
        Assert.Contains("You are searching too fast.", await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Opening_conversations_faster_than_the_limit_is_refused_and_nothing_is_created()
    {
        await using var spammer = await TestUser.SignUpAsync(app);
        var victims = new List<TestUser>();
        for (var i = 0; i < 3; i++)
        {
            victims.Add(await TestUser.SignUpAsync(app));
        }

        var responses = new List<(HttpStatusCode Status, string Html)>();
        foreach (var victim in victims)
        {
            using var response = await spammer.PostFormAsync("/?handler=Direct", new() { ["OtherUser"] = victim.UserName }, formPage: "/");
            responses.Add((response.StatusCode, await response.Content.ReadAsStringAsync()));
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], responses.Select(r => r.Status));
        Assert.Contains("You are opening conversations too fast.", responses[2].Html, StringComparison.Ordinal);
        Assert.Empty(await Grains.GetUser(victims[2].UserName).GetRooms());
        foreach (var victim in victims)
        {
            await victim.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_connection_beyond_the_per_user_cap_is_closed_with_a_readable_reason()
    {
        await using var user = await TestUser.SignUpAsync(app);
        var first = user.NewHubConnection();
        var second = user.NewHubConnection();
        await first.StartAsync();
        await second.StartAsync();

        var third = user.NewHubConnection();
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        third.Closed += error =>
        {
            closed.TrySetResult(error);
            return Task.CompletedTask;
        };
        string reason;
        try
        {
            await third.StartAsync();
            reason = (await closed.Task.WaitAsync(TimeSpan.FromSeconds(5)))?.Message ?? string.Empty;
        }
        catch (Exception error)
        {
            reason = error.Message;
        }

        Assert.Contains("You have 2 connections open, the most allowed.", reason, StringComparison.Ordinal);

        // Closing one frees a place.
        await first.StopAsync();
        var fourth = user.NewHubConnection();
        await fourth.StartAsync();
        Assert.Equal(HubConnectionState.Connected, fourth.State);
    }

    [Fact]
    public async Task Joining_more_rooms_than_a_connection_may_hold_is_refused_until_one_is_left()
    {
        await using var user = await TestUser.SignUpAsync(app);
        var rooms = await NewPublicRooms(user.UserName, 3);
        var connection = user.NewHubConnection();
        await connection.StartAsync();
        await connection.InvokeAsync<JoinResult>("JoinRoom", rooms[0], 0L);
        await connection.InvokeAsync<JoinResult>("JoinRoom", rooms[1], 0L);

        var refused = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<JoinResult>("JoinRoom", rooms[2], 0L));
        Assert.Contains("This connection is in 2 rooms, the most allowed. Leave a room first.", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, app.Services.GetRequiredService<RoomSubscriptions>().ConnectionCount(rooms[2]));

        await connection.InvokeAsync("LeaveRoom", rooms[0]);
        await connection.InvokeAsync<JoinResult>("JoinRoom", rooms[2], 0L);
    }

    [Fact]
    public async Task Joining_and_loading_history_faster_than_the_limits_is_refused_with_readable_errors()
    {
        await using var user = await TestUser.SignUpAsync(app);
        var roomId = (await NewPublicRooms(user.UserName, 1))[0];
        var connection = user.NewHubConnection();
        await connection.StartAsync();

        // Join budget 4: four joins (a rejoin counts too), the fifth is refused.
        for (var i = 0; i < 4; i++)
        {
            await connection.InvokeAsync<JoinResult>("JoinRoom", roomId, 0L);
        }

        var join = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<JoinResult>("JoinRoom", roomId, 0L));
        Assert.Contains("You are joining rooms too fast. Wait a minute and try again.", join.Message, StringComparison.Ordinal);

        // History budget 4, shared by older pages and catch-up.
        for (var i = 0; i < 2; i++)
        {
            await connection.InvokeAsync<IReadOnlyList<ChatMessage>>("GetOlder", roomId, 100L);
            await connection.InvokeAsync<IReadOnlyList<ChatMessage>>("GetMissed", roomId, 0L);
        }

        var history = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<IReadOnlyList<ChatMessage>>("GetMissed", roomId, 0L));
        Assert.Contains("You are loading history too fast. Wait a moment and try again.", history.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sending_without_script_faster_than_the_limit_is_refused_before_any_room_is_looked_at()
    {
        await using var user = await TestUser.SignUpAsync(app);
        var roomId = (await NewPublicRooms(user.UserName, 1))[0];
        var token = TestUser.AntiforgeryToken(await user.Http.GetStringAsync("/rooms/" + roomId));

        // Send budget: a burst of 2, then 1 a second. The flood after it goes at rooms nobody made: looking one up
        // would wake its grain.
        var sent = new List<HttpStatusCode>();
        for (var i = 0; i < 2; i++)
        {
            sent.Add((await SendForm(user, roomId, token, "hello " + i)).Status);
        }

        var targets = Enumerable.Range(0, 3).Select(_ => "f-" + Guid.NewGuid().ToString("N")[..12]).ToArray();
        var refused = new List<(HttpStatusCode Status, string Body)>();
        foreach (var target in targets)
        {
            refused.Add(await SendForm(user, target, token, "flood"));
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK], sent);
        Assert.All(refused, r => Assert.Equal(
            (HttpStatusCode.TooManyRequests, Security.UserActionLimiter.Refusal(Security.LimitedAction.Send)), (r.Status, r.Body)));
        var active = await Grains.GetGrain<IManagementGrain>(0).GetActiveGrains(Grains.GetRoom(roomId).GetGrainId().Type);
        Assert.Contains(Grains.GetRoom(roomId).GetGrainId(), active); // the count is real: the user's room is awake
        Assert.Empty(targets.Select(t => Grains.GetRoom(t).GetGrainId()).Intersect(active));
        Assert.Equal(["hello 0", "hello 1"], (await Grains.GetRoom(roomId).GetLatest(user.UserName, 10)).Select(m => m.Text));
    }

    [Fact]
    public async Task Reloading_pages_faster_than_the_limit_is_refused_as_plain_text_before_any_grain_is_called()
    {
        await using var flooder = await TestUser.SignUpAsync(app);
        await using var neighbour = await TestUser.SignUpAsync(app);

        // Page budget 6 a minute; signing up may have landed on a page already.
        var statuses = new List<HttpStatusCode>();
        while (statuses.Count < 10 && !statuses.Contains(HttpStatusCode.TooManyRequests))
        {
            using var page = await flooder.Http.GetAsync("/");
            statuses.Add(page.StatusCode);
        }

        // The flood goes on at rooms nobody made: looking one up would wake its grain.
        var targets = Enumerable.Range(0, 3).Select(_ => "f-" + Guid.NewGuid().ToString("N")[..12]).ToArray();
        var refused = new List<(HttpStatusCode Status, string Body, string? Type, string RetryAfter)>();
        foreach (var target in targets)
        {
            using var page = await flooder.Http.GetAsync("/rooms/" + target);
            refused.Add((page.StatusCode, await page.Content.ReadAsStringAsync(), page.Content.Headers.ContentType?.MediaType, page.Headers.RetryAfter?.ToString() ?? ""));
        }

        Assert.InRange(statuses.Count(s => s == HttpStatusCode.OK), 5, 6);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.All(refused, r => Assert.Equal(
            (HttpStatusCode.TooManyRequests, "You are loading pages too fast. Wait a moment and try again.", "text/plain", "10"),
            (r.Status, r.Body, r.Type, r.RetryAfter)));
        var active = await Grains.GetGrain<IManagementGrain>(0).GetActiveGrains(Grains.GetRoom(targets[0]).GetGrainId().Type);
        Assert.Empty(targets.Select(t => Grains.GetRoom(t).GetGrainId()).Intersect(active));

        // The limit is the flooder's own: someone else's pages still load.
        using var other = await neighbour.Http.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    private static async Task<(HttpStatusCode Status, string Body)> SendForm(TestUser user, string roomId, string token, string text)
    {
        using var response = await user.Http.PostAsync($"/rooms/{roomId}?handler=Send", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["Text"] = text }));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<string[]> NewPublicRooms(string creator, int count)
    {
        var ids = Enumerable.Range(0, count).Select(_ => "t-" + Guid.NewGuid().ToString("N")[..12]).ToArray();
        foreach (var id in ids)
        {
            await Grains.GetRoom(id).Create("Room " + id, RoomKind.Public, creator, []);
        }

        return ids;
    }

    /// <summary>A server with limits low enough to reach in a test.</summary>
    public sealed class LowLimitsApp() : AppFixture(new Dictionary<string, string>
    {
        ["Chapp:Limits:CreateRoomPerMinute"] = "2",
        ["Chapp:Limits:OpenConversationPerMinute"] = "2",
        ["Chapp:Limits:JoinPerMinute"] = "4",
        ["Chapp:Limits:HistoryPerMinute"] = "4",
        ["Chapp:Limits:ConnectionsPerUser"] = "2",
        ["Chapp:Limits:RoomsPerConnection"] = "2",
        ["Chapp:Limits:SearchPerMinute"] = "2",
        ["Chapp:Limits:SendBurst"] = "2",
        ["Chapp:Limits:SendPerSecond"] = "1",
        ["Chapp:Limits:PagesPerMinute"] = "6",
    });
}
