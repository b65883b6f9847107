using Microsoft.Playwright;
using static Chapp.Web.Tests.ChatPage;
using static Microsoft.Playwright.Assertions;

namespace Chapp.Web.Tests;

/// <summary>The shell's layout at desktop and phone width, saved as the screenshots in docs/screenshots/.</summary>
public sealed partial class BrowserTests
{
    [Fact]
    public async Task The_shell_puts_the_sidebar_beside_the_room_on_a_desktop_and_over_it_on_a_phone()
    {
        var general = await NewPublicRoom("General");
        var design = await NewPublicRoom("Design reviews");
        var release = await NewPublicRoom("Release 2.4");
        var alice = await SignUpInBrowser("Alice");
        var bob = await SignUpInBrowser("Bob");
        var bobName = await SignedInUserName(bob);
        foreach (var room in new[] { release, design, general })
        {
            await OpenRoom(bob, room);
        }

        await OpenRoom(alice, general);
        await Send(alice, "Good morning! The build is green again.");
        await OpenRoom(bob, general);
        await Send(bob, "Thanks, I will start the release notes.");
        await OpenRoom(alice, design);
        await Send(alice, "New mock-ups for the settings page are up.");
        await Send(alice, $"@{bobName} could you check the contrast of the badges?");
        await OpenRoom(alice, release);
        await Send(alice, "Freeze is on Thursday.");
        await bob.SetViewportSizeAsync(1280, 800);
        await OpenFromSidebar(bob, general);

        var sidebar = await Box(bob.Locator("#sidebar"));
        var pane = await Box(bob.Locator("#chat"));
        Assert.True(sidebar.X + sidebar.Width <= pane.X, "The sidebar is not to the left of the room.");
        Assert.True(sidebar.Height > 600, "The sidebar does not run down the page.");
        await Screenshot(bob, "shell-desktop.png");

        await bob.SetViewportSizeAsync(390, 844);
        await Expect(bob.Locator("#sidebar")).ToBeHiddenAsync();
        pane = await Box(bob.Locator("#chat"));
        Assert.True(pane.Width > 350, "The room does not take the phone's width.");
        await bob.GetByRole(AriaRole.Button, new() { Name = "Chats" }).ClickAsync();
        await Expect(bob.Locator("#sidebar")).ToBeVisibleAsync();
        await bob.WaitForTimeoutAsync(300); // the slide-in transition
        await Screenshot(bob, "shell-phone.png");
    }

    private static async Task<LocatorBoundingBoxResult> Box(ILocator locator) =>
        await locator.BoundingBoxAsync() ?? throw new InvalidOperationException("Not on the page: " + locator);

    // A build artifact (git-ignored); docs/screenshots/ holds copies of these.
    private static async Task Screenshot(IPage page, string name)
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var repo = testOutput.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var path = Path.Combine(repo, "artifacts", "screenshots", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new() { Path = path });
    }
}
