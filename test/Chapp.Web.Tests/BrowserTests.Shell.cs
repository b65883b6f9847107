using System.Text.RegularExpressions;
using Chapp.Web.Chat.Rooms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Chapp.Web.Tests.ChatPage;
using static Microsoft.Playwright.Assertions;

namespace Chapp.Web.Tests;

/// <summary>The app shell: rooms in a sidebar, switched without loading a page, and a menu at phone width.</summary>
public sealed partial class BrowserTests
{
    [Fact]
    public async Task Switching_rooms_in_the_sidebar_loads_no_page_moves_the_connection_and_Back_returns()
    {
        var lobby = await NewPublicRoom("Shell lobby");
        var garden = await NewPublicRoom("Shell garden");
        var alice = await SignUpInBrowser("Alice");
        var bob = await SignUpInBrowser("Bob");
        await OpenRoom(alice, lobby);
        await Send(alice, "in the lobby");
        await OpenRoom(bob, garden);
        await OpenRoom(bob, lobby);
        await Expect(SidebarRoom(bob, lobby).Locator("a")).ToHaveAttributeAsync("aria-current", "page");
        await Expect(SidebarRoom(bob, garden).Locator("a")).ToHaveTextAsync(new Regex("Shell garden"));
        var rooms = app.Services.GetRequiredService<RoomSubscriptions>();
        await Eventually(() => rooms.ConnectionCount(lobby) == 2, "Alice and Bob are both in the lobby");
        await MarkWindow(bob);

        await OpenFromSidebar(bob, garden);

        await Expect(bob.Locator("#chat h1")).ToHaveTextAsync("Shell garden");
        await Expect(bob).ToHaveTitleAsync(new Regex("Shell garden · Chapp$"));
        await Expect(Texts(bob)).ToHaveCountAsync(0);
        await Expect(SidebarRoom(bob, garden).Locator("a")).ToHaveAttributeAsync("aria-current", "page");
        await Expect(SidebarRoom(bob, lobby).Locator("a")).Not.ToHaveAttributeAsync("aria-current", "page");
        await Eventually(() => rooms.ConnectionCount(lobby) == 1, "Bob's connection left the lobby");
        await Send(bob, "in the garden");
        await Expect(Texts(bob)).ToHaveTextAsync(["in the garden"]);
        await Send(alice, "lobby again");

        await bob.GoBackAsync();

        await WaitUntilLive(bob, lobby);
        await Expect(bob.Locator("#chat h1")).ToHaveTextAsync("Shell lobby");
        await Expect(Texts(bob)).ToHaveTextAsync(["in the lobby", "lobby again"]);
        await Send(alice, "welcome back");
        await Expect(Texts(bob)).ToHaveTextAsync(["in the lobby", "lobby again", "welcome back"]);
        await AssertNotReloaded(bob);

        await bob.GoForwardAsync();
        await WaitUntilLive(bob, garden);
        await Expect(Texts(bob)).ToHaveTextAsync(["in the garden"]);
        await AssertNotReloaded(bob);
    }

    [Fact]
    public async Task At_phone_width_the_sidebar_is_a_menu_that_opens_and_switches_rooms()
    {
        var first = await NewPublicRoom("Phone first");
        var second = await NewPublicRoom("Phone second");
        var phone = await SignUpInBrowser("Phone");
        await phone.SetViewportSizeAsync(390, 844);
        await OpenRoom(phone, first);
        await OpenRoom(phone, second);
        var menu = phone.GetByRole(AriaRole.Button, new() { Name = "Chats" });
        var sidebar = phone.GetByRole(AriaRole.Navigation, new() { Name = "Your chats" });
        await Expect(sidebar).ToBeHiddenAsync();
        await Expect(menu).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(phone.Locator("#composer-text")).ToBeInViewportAsync();
        await MarkWindow(phone);

        await menu.ClickAsync();

        await Expect(sidebar).ToBeVisibleAsync();
        await Expect(menu).ToHaveAttributeAsync("aria-expanded", "true");
        await sidebar.GetByRole(AriaRole.Link, new() { Name = "Phone first" }).ClickAsync();

        await WaitUntilLive(phone, first);
        await Expect(sidebar).ToBeHiddenAsync();
        await Expect(menu).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(phone.Locator("#chat h1")).ToHaveTextAsync("Phone first");
        await Send(phone, "typed on a phone");
        await AssertNotReloaded(phone);

        // Escape closes the menu and gives the focus back to its button.
        await menu.ClickAsync();
        await Expect(sidebar).ToBeVisibleAsync();
        await phone.Keyboard.PressAsync("Escape");
        await Expect(sidebar).ToBeHiddenAsync();
        await Expect(menu).ToBeFocusedAsync();
    }

    [Fact]
    public async Task Without_script_the_sidebar_lists_the_rooms_as_links_and_marks_the_open_one()
    {
        var first = await NewPublicRoom("Plain first");
        var second = await NewPublicRoom("Plain second");
        var page = await SignUpInBrowser("Plain", javaScript: false);
        await page.GotoAsync("rooms/" + first);
        await page.GotoAsync("rooms/" + second);
        var sidebar = page.GetByRole(AriaRole.Navigation, new() { Name = "Your chats" });

        await sidebar.GetByRole(AriaRole.Link, new() { Name = "Plain first" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/rooms/" + first + "$"));
        await Expect(page.Locator("#chat h1")).ToHaveTextAsync("Plain first");
        await Expect(SidebarRoom(page, first).Locator("a")).ToHaveAttributeAsync("aria-current", "page");
        await Expect(SidebarRoom(page, second).Locator("a")).Not.ToHaveAttributeAsync("aria-current", "page");
    }

    private static async Task Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting until " + what + ".");
            await Task.Delay(50);
        }
    }
}
