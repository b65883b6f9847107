using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Chapp.Web.Tests.ChatPage;
using static Microsoft.Playwright.Assertions;

namespace Chapp.Web.Tests;

/// <summary>Unread counts in the sidebar, the "New messages" divider, and read positions shared by devices.</summary>
public sealed partial class BrowserTests
{
    [Fact]
    public async Task Unread_count_rises_live_opening_the_room_clears_it_at_the_divider_and_every_device_agrees()
    {
        var lobby = await NewPublicRoom("Unread lobby");
        var garden = await NewPublicRoom("Unread garden");
        var alice = await SignUpInBrowser("Alice");
        var bob = await SignUpInBrowser("Bob");
        var bobName = await SignedInUserName(bob);
        await OpenRoom(alice, lobby);
        await Send(alice, "before Bob came");
        await OpenRoom(bob, lobby);
        await OpenRoom(bob, garden);
        await Expect(UnreadBadge(bob, lobby)).ToBeHiddenAsync(); // what was said before Bob joined counts as read
        await MarkWindow(bob);

        await Send(alice, "one");
        await Send(alice, "two");

        await Expect(UnreadBadge(bob, lobby)).ToHaveTextAsync("2 unread");
        await Expect(bob).ToHaveTitleAsync(new Regex(@"^\(2\) Unread garden · Chapp$"));
        await Expect(bob.Locator("#room-nav li").First).ToHaveAttributeAsync("data-room-id", lobby); // latest activity first
        await Expect(UnreadBadge(bob, garden)).ToBeHiddenAsync();

        await OpenFromSidebar(bob, lobby);

        await Expect(bob.Locator("#unread-divider")).ToHaveTextAsync("New messages");
        await Expect(bob.Locator("#unread-divider + li[data-seq] .text")).ToHaveTextAsync("one");
        await Expect(bob.Locator("#unread-divider")).ToBeInViewportAsync();
        await Expect(UnreadBadge(bob, lobby)).ToBeHiddenAsync();
        await Expect(bob).ToHaveTitleAsync("Unread lobby · Chapp");
        await AssertNotReloaded(bob);

        // The read position is stored: a reload shows no count and no divider.
        await bob.ReloadAsync();
        await WaitUntilLive(bob, lobby);
        await Expect(bob.Locator("#unread-divider")).ToHaveCountAsync(0);
        await Expect(UnreadBadge(bob, lobby)).ToBeHiddenAsync();

        // A second device of Bob's agrees, and reading on one device clears the count on the other, live.
        var phone = await LogInInBrowser(bobName);
        await Expect(SidebarRoom(phone, lobby)).ToBeVisibleAsync();
        await Expect(UnreadBadge(phone, lobby)).ToBeHiddenAsync();
        await OpenFromSidebarOrPage(phone, garden);
        await OpenFromSidebar(bob, garden);
        await Send(alice, "three");
        await Expect(UnreadBadge(bob, lobby)).ToHaveTextAsync("1 unread");
        await Expect(UnreadBadge(phone, lobby)).ToHaveTextAsync("1 unread");

        await OpenRoom(phone, lobby); // a page load: the server renders the divider

        await Expect(phone.Locator("#unread-divider + li[data-seq] .text")).ToHaveTextAsync("three");
        await Expect(UnreadBadge(bob, lobby)).ToBeHiddenAsync();
        await Expect(bob).ToHaveTitleAsync("Unread garden · Chapp");
    }

    [Fact]
    public async Task A_room_open_in_a_hidden_tab_is_not_read_until_the_tab_is_seen()
    {
        var lobby = await NewPublicRoom("Hidden lobby");
        var alice = await SignUpInBrowser("Alice");
        var bob = await SignUpInBrowser("Bob");
        await bob.Context.AddInitScriptAsync(HiddenPageScript);
        await OpenRoom(alice, lobby);
        await OpenRoom(bob, lobby);
        await SetHidden(bob, true);

        await Send(alice, "while you were away");

        await Expect(bob.Locator("#messages li[data-seq] .text")).ToHaveTextAsync(["while you were away"]); // shown, not seen
        await Expect(UnreadBadge(bob, lobby)).ToHaveTextAsync("1 unread");
        await Expect(bob).ToHaveTitleAsync("(1) Hidden lobby · Chapp");

        await SetHidden(bob, false);

        await Expect(UnreadBadge(bob, lobby)).ToBeHiddenAsync();
        await Expect(bob).ToHaveTitleAsync("Hidden lobby · Chapp");
        await bob.ReloadAsync();
        await WaitUntilLive(bob, lobby);
        await Expect(bob.Locator("#unread-divider")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Without_script_the_page_shows_the_counts_and_the_divider_as_rendered_by_the_server()
    {
        var lobby = await NewPublicRoom("Plain unread");
        await using var alice = await TestUser.SignUpAsync(app);
        var (connection, _) = await alice.ConnectToRoomAsync(lobby);
        await TestUser.SendAsync(connection, lobby, "old news");
        var bob = await SignUpInBrowser("Bob", javaScript: false);
        await bob.GotoAsync("rooms/" + lobby);
        await bob.GotoAsync("");

        await TestUser.SendAsync(connection, lobby, "first new");
        await TestUser.SendAsync(connection, lobby, "second new");
        await bob.ReloadAsync();

        await Expect(UnreadBadge(bob, lobby)).ToHaveTextAsync("2 unread");
        await bob.GotoAsync("rooms/" + lobby);
        await Expect(bob.Locator("#messages li[data-seq] .text")).ToHaveTextAsync(["old news", "first new", "second new"]);
        await Expect(bob.Locator("#unread-divider + li[data-seq] .text")).ToHaveTextAsync("first new");
    }

    [Fact]
    public async Task What_Bob_read_just_before_closing_the_tab_is_read_on_his_other_device()
    {
        var lobby = await NewPublicRoom("Busy lobby");
        await using var alice = await TestUser.SignUpAsync(app);
        var (connection, _) = await alice.ConnectToRoomAsync(lobby);
        var bob = await SignUpInBrowser("Bob");
        var bobName = await SignedInUserName(bob);
        await OpenRoom(bob, lobby);
        await TestUser.SendAsync(connection, lobby, "first");
        await Expect(Texts(bob)).ToHaveTextAsync(["first"]); // read: stored at once, and the next 2 s are spaced out

        await TestUser.SendAsync(connection, lobby, "second");
        await TestUser.SendAsync(connection, lobby, "third");
        await Expect(Texts(bob)).ToHaveTextAsync(["first", "second", "third"]);
        await bob.CloseAsync(new() { RunBeforeUnload = true });

        var phone = await LogInInBrowser(bobName);
        await Expect(SidebarRoom(phone, lobby)).ToBeVisibleAsync();
        await Expect(UnreadBadge(phone, lobby)).ToBeHiddenAsync();
        await phone.ReloadAsync();
        await Expect(SidebarRoom(phone, lobby)).ToBeVisibleAsync();
        await Expect(UnreadBadge(phone, lobby)).ToBeHiddenAsync();
    }

    // Opens a room the page may not have in its sidebar yet (a fresh log-in lands on the home page).
    private static async Task OpenFromSidebarOrPage(IPage page, string roomId)
    {
        if (await page.Locator("#chat").CountAsync() == 0)
        {
            await OpenRoom(page, roomId);
        }
        else
        {
            await OpenFromSidebar(page, roomId);
        }
    }

    private static Task<string> SignedInUserName(IPage page) =>
        page.EvaluateAsync<string>("() => document.body.dataset.userName");

    private async Task<IPage> LogInInBrowser(string userName)
    {
        var page = await NewPage(userName);
        await page.GotoAsync("login");
        await page.GetByLabel("User name", new() { Exact = true }).FillAsync(userName);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(TestUser.GoodPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Rooms", Exact = true })).ToBeVisibleAsync();
        return page;
    }
}
