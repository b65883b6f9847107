using Microsoft.Playwright;
using static Chapp.Web.Tests.ChatPage;
using static Microsoft.Playwright.Assertions;

namespace Chapp.Web.Tests;

/// <summary>Text typed but not sent stays with its room when the reader switches rooms.</summary>
public sealed partial class BrowserTests
{
    [Fact]
    public async Task A_draft_stays_with_its_room_across_room_switches_and_goes_when_sent()
    {
        var first = await NewPublicRoom("Draft first");
        var second = await NewPublicRoom("Draft second");
        var bob = await SignUpInBrowser("Bob");
        await OpenRoom(bob, second);
        await OpenRoom(bob, first);
        var box = bob.GetByLabel("Message", new() { Exact = true });
        await MarkWindow(bob);

        await box.PressSequentiallyAsync("half a thought");
        await OpenFromSidebar(bob, second);
        await Expect(box).ToHaveValueAsync(string.Empty);
        await box.PressSequentiallyAsync("for the second room");
        await OpenFromSidebar(bob, first);

        await Expect(box).ToHaveValueAsync("half a thought");
        await OpenFromSidebar(bob, second);
        await Expect(box).ToHaveValueAsync("for the second room");
        await AssertNotReloaded(bob);

        await box.PressAsync("Enter");
        await Expect(Texts(bob)).ToHaveTextAsync(["for the second room"]);
        await OpenFromSidebar(bob, first);
        await Expect(box).ToHaveValueAsync("half a thought");
        await OpenFromSidebar(bob, second);
        await Expect(box).ToHaveValueAsync(string.Empty); // sent: no draft left

        await bob.ReloadAsync(); // the tab keeps its drafts
        await WaitUntilLive(bob, second);
        await OpenFromSidebar(bob, first);
        await Expect(box).ToHaveValueAsync("half a thought");
    }
}
