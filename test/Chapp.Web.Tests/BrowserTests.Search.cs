using System.Text.RegularExpressions;
using Chapp.Grains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Chapp.Web.Tests.ChatPage;
using static Microsoft.Playwright.Assertions;

namespace Chapp.Web.Tests;

/// <summary>Search as a person uses it: find an old message, see it in context, open the room right there.</summary>
public sealed partial class BrowserTests
{
    [Fact]
    public async Task Alice_searches_a_word_said_300_messages_ago_and_the_result_opens_the_room_at_that_message()
    {
        var roomId = await NewPublicRoom("Archive");
        var aliceName = AppFixture.NewUserName("alice");
        var alice = await SignUpInBrowser("Alice", userName: aliceName);
        await OpenRoom(alice, roomId);
        var room = app.Services.GetRequiredService<IGrainFactory>().GetRoom(roomId);
        for (var i = 1; i <= 330; i++)
        {
            var text = i == 30 ? "Remember: the narwhal password is blue, tell nobody" : $"chatter {i}";
            await room.Post(aliceName, "Alice", text, "c" + i);
        }

        var box = alice.GetByRole(AriaRole.Searchbox, new() { Name = "Search messages" });
        await box.FillAsync("Narwhal");
        await box.PressAsync("Enter");

        var result = alice.Locator("#search-results li.search-result");
        await Expect(result).ToHaveCountAsync(1);
        await Expect(result.Locator(".search-room")).ToHaveTextAsync("Archive");
        await Expect(result.Locator(".search-text")).ToHaveTextAsync("Remember: the narwhal password is blue, tell nobody");
        await Expect(result.Locator(".search-text mark")).ToHaveTextAsync("narwhal");

        await result.Locator("a.search-open").ClickAsync();

        await Expect(alice).ToHaveURLAsync(new Regex($"/rooms/{roomId}\\?at=30#m-30$"));
        var hit = alice.Locator("#messages li.hit");
        await Expect(hit).ToHaveAttributeAsync("data-seq", "30");
        await Expect(hit.Locator(".text")).ToHaveTextAsync("Remember: the narwhal password is blue, tell nobody");
        await Expect(hit).ToBeInViewportAsync();
        await Expect(alice.Locator("#connection-status")).ToHaveTextAsync("Connected");
        await Expect(alice.Locator("#messages li[data-seq='330']")).ToHaveCountAsync(0);

        // Scrolling down loads the newer pages; at the end the room is live again.
        var list = alice.Locator("#messages");
        for (var i = 0; i < 20 && await alice.Locator("#messages li[data-seq='330']").CountAsync() == 0; i++)
        {
            await list.EvaluateAsync("l => l.scrollTop = l.scrollHeight");
            await alice.WaitForTimeoutAsync(200);
        }

        await Expect(alice.Locator("#messages li[data-seq='330']")).ToHaveCountAsync(1);
        await Expect(alice.Locator("#newer-status")).ToHaveCountAsync(0);
        // Nothing older than the page around the result (25 before it) was loaded on the way.
        await Expect(alice.Locator("#messages li[data-seq]").First).ToHaveAttributeAsync("data-seq", "5");
        await Expect(alice.Locator("#messages li[data-seq]")).ToHaveCountAsync(330 - 5 + 1);
        await room.Post("bob", "Bob", "live again", "b1");
        await Expect(alice.Locator("#messages li[data-seq='331'] .text")).ToHaveTextAsync("live again");
    }
}
