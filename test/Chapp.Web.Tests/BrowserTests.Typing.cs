using System.Diagnostics;
using static Chapp.Web.Tests.ChatPage;
using static Microsoft.Playwright.Assertions;

namespace Chapp.Web.Tests;

/// <summary>"Alice is typing…": seen by the others while she types, gone when she sends or goes quiet.</summary>
public sealed partial class BrowserTests
{
    [Fact]
    public async Task Bob_sees_Alice_typing_until_she_sends_or_stops_for_five_seconds()
    {
        var roomId = await NewPublicRoom("Typing");
        var alice = await SignUpInBrowser("Alice");
        var bob = await SignUpInBrowser("Bob");
        await OpenRoom(alice, roomId);
        await OpenRoom(bob, roomId);
        var box = alice.GetByLabel("Message", new() { Exact = true });
        var line = bob.Locator("#typing");
        await Expect(line).ToHaveTextAsync(string.Empty);

        await box.PressSequentiallyAsync("hello th");

        await Expect(line).ToHaveTextAsync("Alice is typing…");
        await Expect(alice.Locator("#typing")).ToHaveTextAsync(string.Empty); // not to herself
        await box.PressSequentiallyAsync("ere");
        await box.PressAsync("Enter");
        await Expect(Texts(bob)).ToHaveTextAsync(["hello there"]);
        await Expect(line).ToHaveTextAsync(string.Empty);

        await box.PressSequentiallyAsync("one more");
        await Expect(line).ToHaveTextAsync("Alice is typing…");
        var quietSince = Stopwatch.StartNew();
        await Expect(line).ToHaveTextAsync(string.Empty, new() { Timeout = 9000 });
        Assert.InRange(quietSince.Elapsed, TimeSpan.FromSeconds(3.5), TimeSpan.FromSeconds(8));
    }
}
