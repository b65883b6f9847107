using System.Text.RegularExpressions;
using Chapp.Grains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Chapp.Web.Tests.Formatting;
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
        // The result sits a quarter of the window down the list, with what led up to it above (li.hit's
        // scroll-margin-top, which the browser's jump to #m-30 and the pane's scroll both use); without it the
        // result would be at the very top.
        await Expect(hit).ToBeInViewportAsync();
        await alice.WaitForTimeoutAsync(300); // anything that scrolls after the first frame has done so
        var top = await alice.Locator("#messages").EvaluateAsync<double>(
            "l => l.querySelector('li.hit').getBoundingClientRect().top - l.getBoundingClientRect().top");
        Assert.InRange(top, 700 / 4 - 10, 700 / 4 + 10); // the viewport is 700 px high
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

    [Fact]
    public async Task Results_show_short_messages_formatted_with_the_matches_marked_and_hostile_text_stays_inert()
    {
        var roomId = await NewPublicRoom("Formatted finds");
        var erinName = AppFixture.NewUserName("erin");
        var erin = await SignUpInBrowser("Erin", userName: erinName, bypassCsp: true); // a script that got in would run
        var ran = 0;
        erin.Dialog += (_, dialog) => { ran++; _ = dialog.DismissAsync(); };
        await OpenRoom(erin, roomId);
        var room = app.Services.GetRequiredService<IGrainFactory>().GetRoom(roomId);
        await room.Post(erinName, "Erin", "the **narwhal** password is `blue`", "f0");
        var hostile = HostileMarkdown.Texts.Where(t => t.Contains("alert", StringComparison.Ordinal)).ToArray();
        for (var i = 0; i < hostile.Length; i++)
        {
            await room.Post(erinName, "Erin", hostile[i], "h" + i);
        }

        var box = erin.GetByRole(AriaRole.Searchbox, new() { Name = "Search messages" });
        await box.FillAsync("narwhal");
        await box.PressAsync("Enter");

        var text = erin.Locator("#search-results li.search-result .search-text");
        await Expect(text.Locator("strong mark")).ToHaveTextAsync("narwhal");
        await Expect(text.Locator("code")).ToHaveTextAsync("blue");
        await Expect(text).ToHaveTextAsync("the narwhal password is blue");

        await box.FillAsync("alert");
        await box.PressAsync("Enter");
        var allowed = AllowedHtml.Elements.Append(new("mark", [])).ToDictionary(e => e.Key, e => e.Value);
        var shown = 0;
        for (var page = 1; ; page++)
        {
            await Expect(erin.Locator("#search-results li.search-result").First).ToBeVisibleAsync();
            await erin.WaitForTimeoutAsync(300); // a failing image's onerror fires after the load attempt
            shown += await erin.Locator("#search-results li.search-result").CountAsync();
            var violations = await AllowedDom.ViolationsAsync(erin, "#search-results .search-text", allowed);
            Assert.True(violations.Length == 0, $"page {page}: {string.Join("; ", violations)}");
            var older = erin.Locator("#search-older");
            if (await older.CountAsync() == 0)
            {
                break;
            }

            await older.ClickAsync();
            await Expect(erin).ToHaveURLAsync(new Regex($"page={page + 1}$"));
            await Expect(erin.Locator("#search-results")).ToHaveAttributeAsync("start", (page * 20 + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Equal(hostile.Length, shown);
        Assert.True(await erin.Locator("#search-results .search-text.text").CountAsync() > 0, "short messages are shown rendered");
        Assert.Equal(0, ran);
    }

    [Fact]
    public async Task Scrolling_up_loads_older_pages_until_the_beginning_of_the_room()
    {
        var roomId = await NewPublicRoom("Long history");
        var aliceName = AppFixture.NewUserName("alice");
        var alice = await SignUpInBrowser("Alice", userName: aliceName);
        var room = app.Services.GetRequiredService<IGrainFactory>().GetRoom(roomId);
        for (var i = 1; i <= 120; i++)
        {
            await room.Post(aliceName, "Alice", $"line {i}", "o" + i);
        }

        await OpenRoom(alice, roomId);
        await Expect(alice.Locator("#messages li[data-seq]")).ToHaveCountAsync(50);
        await Expect(alice.Locator("#history-status")).ToHaveTextAsync("");

        var list = alice.Locator("#messages");
        for (var i = 0; i < 20 && await alice.Locator("#messages li[data-seq]").CountAsync() < 120; i++)
        {
            await list.EvaluateAsync("l => l.scrollTop = 0");
            await alice.WaitForTimeoutAsync(200);
        }

        await Expect(alice.Locator("#messages li[data-seq]")).ToHaveCountAsync(120);
        await Expect(alice.Locator("#messages li[data-seq]").First.Locator(".text")).ToHaveTextAsync("line 1");
        await Expect(alice.Locator("#history-status")).ToHaveTextAsync("This is the beginning of the room.");
    }
}
