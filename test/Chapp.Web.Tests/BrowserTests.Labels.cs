using Chapp.Grains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Chapp.Web.Tests.ChatPage;
using static Microsoft.Playwright.Assertions;

namespace Chapp.Web.Tests;

/// <summary>What a room is called: one rule on the server, shown the same by the live sidebar, the reload and the room page.</summary>
public sealed partial class BrowserTests
{
    [Fact]
    public async Task A_conversation_and_a_group_are_called_the_same_live_after_a_reload_and_on_the_room_page()
    {
        // Two names of 32 characters: their conversation's name ("a & b") is cut at 60, so only the members tell who it is with.
        var aliceName = "a" + Guid.NewGuid().ToString("N")[..31];
        var bobName = "b" + Guid.NewGuid().ToString("N")[..31];
        var alice = await SignUpInBrowser("Alice", userName: aliceName);
        var bob = await SignUpInBrowser("Bob", userName: bobName);
        await using var carol = await TestUser.SignUpAsync(app);
        await MarkWindow(bob); // the entries below are made by Bob's script from the server's inbox, not by a page load
        await alice.GetByLabel("Their user name").FillAsync(bobName);
        await alice.GetByRole(AriaRole.Button, new() { Name = "Open conversation" }).ClickAsync();
        var conversation = DirectRooms.RoomId(aliceName, bobName);
        var group = GroupRooms.NewRoomId();
        await app.Services.GetRequiredService<IGrainFactory>().GetRoom(group)
            .CreateGroup("Label crew", carol.UserName, [aliceName, bobName]);

        var expected = "Conversation with " + aliceName;
        await Expect(SidebarRoom(bob, conversation).Locator(".room-name")).ToHaveTextAsync(expected);
        await Expect(SidebarRoom(bob, group).Locator(".room-name")).ToHaveTextAsync("Label crew");
        await AssertNotReloaded(bob);

        await bob.ReloadAsync(); // the server renders the sidebar
        await Expect(SidebarRoom(bob, conversation).Locator(".room-name")).ToHaveTextAsync(expected);
        await Expect(SidebarRoom(bob, group).Locator(".room-name")).ToHaveTextAsync("Label crew");

        await OpenRoom(bob, conversation);
        await Expect(bob.Locator("#chat h1")).ToHaveTextAsync(expected);
        await OpenFromSidebar(bob, group);
        await Expect(bob.Locator("#chat h1")).ToHaveTextAsync("Label crew");
        await Expect(SidebarRoom(bob, conversation).Locator(".room-name")).ToHaveTextAsync(expected);
    }
}
