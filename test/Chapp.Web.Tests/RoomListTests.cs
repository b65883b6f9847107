using System.Net;
using System.Text.RegularExpressions;
using Chapp.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace Chapp.Web.Tests;

/// <summary>
/// Anyone can put conversations into another user's room list by opening them. A full list must not break the
/// user's pages, the sidebar renders a bounded number, and users can leave rooms to make space.
/// </summary>
[Collection(WebCollection.Name)]
public sealed partial class RoomListTests(AppFixture app)
{
    private IGrainFactory Grains => app.Services.GetRequiredService<IGrainFactory>();

    [Fact]
    public async Task A_full_room_list_still_opens_rooms_lists_a_bounded_page_and_leaving_makes_space()
    {
        await using var victim = await TestUser.SignUpAsync(app);
        var userGrain = Grains.GetUser(victim.UserName);
        var filler = Enumerable.Range(0, 500).Select(i => $"f-{i:D3}-{Guid.NewGuid():N}"[..20]).ToArray();
        foreach (var chunk in filler.Chunk(50))
        {
            await Task.WhenAll(chunk.Select(id => Grains.GetRoom(id).Create("Filler " + id, RoomKind.Public, victim.UserName, [])));
        }

        foreach (var id in filler)
        {
            await userGrain.JoinRoom(id);
        }

        var newRoom = "t-" + Guid.NewGuid().ToString("N")[..12];
        await Grains.GetRoom(newRoom).Create("Fresh room", RoomKind.Public, "someone_else", []);

        // The room opens, with a readable note instead of an error.
        using var full = await victim.Http.GetAsync("/rooms/" + newRoom);
        var fullHtml = await full.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        Assert.Contains("Fresh room", fullHtml, StringComparison.Ordinal);
        Assert.Contains($"The room list of {victim.UserName} is full (500 rooms). Leave a room to add another.", fullHtml, StringComparison.Ordinal);

        // The sidebar (here on the home page) renders the latest 100 and says how many it leaves out.
        var home = await victim.Http.GetStringAsync("/");
        Assert.Equal(100, SidebarEntries().Matches(home.Split("id=\"room-nav\"")[1].Split("</ul>")[0]).Count);
        Assert.Contains("400 older rooms are not listed.", home, StringComparison.Ordinal);

        // Leaving one (the button on its page) makes space: the new room now goes into the list.
        using var left = await victim.PostFormAsync($"/rooms/{filler[0]}?handler=Leave", [], formPage: "/rooms/" + filler[0]);
        Assert.Equal("/", left.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.DoesNotContain(filler[0], await userGrain.GetRooms());
        using var again = await victim.Http.GetAsync("/rooms/" + newRoom);
        Assert.DoesNotContain("is full", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(newRoom, await userGrain.GetRooms());
    }

    [Fact]
    public async Task Leaving_a_conversation_takes_it_off_the_list_and_opening_it_puts_it_back()
    {
        await using var alice = await TestUser.SignUpAsync(app);
        await using var bob = await TestUser.SignUpAsync(app);
        using var opened = await alice.PostFormAsync("/?handler=Direct", new() { ["OtherUser"] = bob.UserName }, formPage: "/");
        var roomPath = opened.RequestMessage!.RequestUri!.AbsolutePath;
        Assert.StartsWith("/rooms/", roomPath, StringComparison.Ordinal);
        Assert.Contains(roomPath, await bob.Http.GetStringAsync("/"), StringComparison.Ordinal);

        using var left = await bob.PostFormAsync(roomPath + "?handler=Leave", [], formPage: roomPath);

        Assert.DoesNotContain(roomPath, await bob.Http.GetStringAsync("/"), StringComparison.Ordinal);
        Assert.Contains(roomPath, await alice.Http.GetStringAsync("/"), StringComparison.Ordinal);
        using var reopened = await bob.Http.GetAsync(roomPath);
        Assert.Contains(roomPath, await bob.Http.GetStringAsync("/"), StringComparison.Ordinal);
    }

    [GeneratedRegex("<li class=\"room-entry")]
    private static partial Regex SidebarEntries();
}
