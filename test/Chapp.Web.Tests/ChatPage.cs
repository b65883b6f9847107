using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Chapp.Web.Tests;

/// <summary>What a person does on a room page, shared by every browser test.</summary>
public static class ChatPage
{
    /// <summary>Opens a room and waits until it is live and the composer is usable.</summary>
    public static async Task OpenRoom(IPage page, string roomId)
    {
        await page.GotoAsync("rooms/" + roomId);
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
}
