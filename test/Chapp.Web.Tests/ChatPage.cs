using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Chapp.Web.Tests;

/// <summary>What a person does on a room page and in the app shell around it, shared by every browser test.</summary>
public static class ChatPage
{
    /// <summary>Opens a room by its address (a page load) and waits until it is live and the composer is usable.</summary>
    public static async Task OpenRoom(IPage page, string roomId)
    {
        await page.GotoAsync("rooms/" + roomId);
        await WaitUntilLive(page, roomId);
    }

    /// <summary>Clicks a room in the sidebar and waits until the main pane shows it live.</summary>
    public static async Task OpenFromSidebar(IPage page, string roomId)
    {
        await SidebarRoom(page, roomId).Locator("a").ClickAsync();
        await WaitUntilLive(page, roomId);
    }

    /// <summary>Waits until the main pane shows <paramref name="roomId"/>, connected, with a usable composer.</summary>
    public static async Task WaitUntilLive(IPage page, string roomId)
    {
        await Expect(page).ToHaveURLAsync(new Regex("/rooms/" + Regex.Escape(roomId) + "$"));
        await Expect(page.Locator("#chat")).ToHaveAttributeAsync("data-room-id", roomId);
        await Expect(page.Locator("#connection-status")).ToHaveTextAsync("Connected");
        await Expect(page.Locator("#composer-text")).ToBeEnabledAsync();
    }

    /// <summary>Types a message, presses Enter and waits until it is stored (it has its sequence number).</summary>
    public static async Task Send(IPage page, string text)
    {
        var box = page.GetByLabel("Message", new() { Exact = true });
        await box.FillAsync(text);
        await box.PressAsync("Enter");
        await Expect(page.Locator("#messages li.pending")).ToHaveCountAsync(0);
        await Expect(box).ToHaveValueAsync(string.Empty);
    }

    /// <summary>A room's entry in the sidebar.</summary>
    public static ILocator SidebarRoom(IPage page, string roomId) => page.Locator($"#room-nav li[data-room-id='{roomId}']");

    /// <summary>The unread count of a room in the sidebar (hidden at 0).</summary>
    public static ILocator UnreadBadge(IPage page, string roomId) => SidebarRoom(page, roomId).Locator(".badge.unread");

    /// <summary>The mention count of a room in the sidebar (hidden at 0).</summary>
    public static ILocator MentionBadge(IPage page, string roomId) => SidebarRoom(page, roomId).Locator(".badge.mentions");

    /// <summary>Leaves a mark in the page's window; a page load wipes it (see <see cref="AssertNotReloaded"/>).</summary>
    public static Task MarkWindow(IPage page) => page.EvaluateAsync("() => { window.__chappNoReload = true; }");

    /// <summary>Fails when the page was loaded again since <see cref="MarkWindow"/>.</summary>
    public static async Task AssertNotReloaded(IPage page) =>
        Assert.True(await page.EvaluateAsync<bool>("() => window.__chappNoReload === true"), "The page was loaded again.");
}
