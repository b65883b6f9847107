using Chapp.Web.Tests.Formatting;
using Microsoft.Playwright;
using static Chapp.Web.Tests.ChatPage;
using static Microsoft.Playwright.Assertions;

namespace Chapp.Web.Tests;

/// <summary>Links and formatting in messages: clickable, safe, the same live and after a reload, and hostile Markdown inert.</summary>
public sealed partial class BrowserTests
{
    [Fact]
    public async Task Links_are_clickable_and_safe_live_and_after_a_reload_and_a_javascript_url_is_not_a_link()
    {
        var roomId = await NewPublicRoom("Links");
        var alice = await SignUpInBrowser("Alice");
        var bob = await SignUpInBrowser("Bob");
        var dialogs = 0;
        bob.Dialog += (_, dialog) => { dialogs++; _ = dialog.DismissAsync(); };
        await OpenRoom(alice, roomId);
        await OpenRoom(bob, roomId);
        var target = new Uri(app.BaseAddress, "healthz").ToString();

        await Send(alice, $"status at {target}.");
        await Send(alice, "javascript:alert(1) and data:text/html,<script>alert(2)</script>");
        await Send(alice, "<a href=\"javascript:alert(3)\">click</a>");

        foreach (var rendered in new[] { "live", "reloaded" })
        {
            var link = bob.Locator("#messages li[data-seq] .text a");
            await Expect(link).ToHaveCountAsync(1);
            await Expect(link).ToHaveAttributeAsync("href", target);
            await Expect(link).ToHaveAttributeAsync("rel", "noopener noreferrer nofollow");
            await Expect(link).ToHaveAttributeAsync("target", "_blank");
            await Expect(link).ToHaveTextAsync(target);
            await Expect(Texts(bob)).ToHaveTextAsync([
                $"status at {target}.",
                "javascript:alert(1) and data:text/html,<script>alert(2)</script>",
                "<a href=\"javascript:alert(3)\">click</a>",
            ]);
            await Expect(bob.Locator("#messages script")).ToHaveCountAsync(0);

            // Clicking opens the page in a new tab that cannot reach back into Chapp (no opener, no referrer).
            var popup = await bob.RunAndWaitForPopupAsync(() => link.ClickAsync());
            await popup.WaitForLoadStateAsync();
            Assert.Equal(target, popup.Url);
            Assert.True(await popup.EvaluateAsync<bool>("() => window.opener === null"), $"{rendered}: the new tab has an opener");
            Assert.Equal(string.Empty, await popup.EvaluateAsync<string>("() => document.referrer"));
            await popup.CloseAsync();

            await bob.ReloadAsync();
            await Expect(bob.Locator("#connection-status")).ToHaveTextAsync("Connected");
        }

        // The text that looks like links but is not runs nothing when clicked.
        await bob.Locator("#messages li[data-seq] .text").Nth(1).ClickAsync();
        await bob.Locator("#messages li[data-seq] .text").Nth(2).ClickAsync();
        Assert.Equal(0, dialogs);
    }

    [Fact]
    public async Task Formatted_text_shows_as_bold_code_quote_and_link_for_the_other_person_live_and_after_a_reload()
    {
        var roomId = await NewPublicRoom("Formatting");
        var alice = await SignUpInBrowser("Alice");
        var bob = await SignUpInBrowser("Bob");
        await OpenRoom(alice, roomId);
        await OpenRoom(bob, roomId);
        var target = new Uri(app.BaseAddress, "healthz").ToString();

        await Send(alice, "this is **important** and `x < y` too");
        await Send(alice, "```\nfor i in 1..3\n  <b>echo</b> i\n```");
        await Send(alice, "> the quoted line\n\nmy answer");
        await Send(alice, $"read [the health page]({target}) please");

        foreach (var rendered in new[] { "live", "reloaded" })
        {
            var bodies = bob.Locator("#messages li[data-seq] .text");
            await Expect(bodies).ToHaveCountAsync(4);
            await Expect(bodies.Nth(0).Locator("strong")).ToHaveTextAsync("important");
            await Expect(bodies.Nth(0).Locator("code")).ToHaveTextAsync("x < y");
            Assert.Equal("for i in 1..3\n  <b>echo</b> i\n", await bodies.Nth(1).Locator("pre > code").TextContentAsync());
            await Expect(bodies.Nth(1).Locator("b")).ToHaveCountAsync(0);
            await Expect(bodies.Nth(2).Locator("blockquote")).ToHaveTextAsync("the quoted line");
            await Expect(bodies.Nth(2).Locator("p").Last).ToHaveTextAsync("my answer");
            var link = bodies.Nth(3).Locator("a");
            await Expect(link).ToHaveTextAsync("the health page");
            await Expect(link).ToHaveAttributeAsync("href", target);
            await Expect(link).ToHaveAttributeAsync("rel", "noopener noreferrer nofollow");
            await Expect(link).ToHaveAttributeAsync("target", "_blank");
            // Bold is shown bold, a code block in a monospace box: the page styles what the server rendered.
            Assert.Equal("700", await bodies.Nth(0).Locator("strong").EvaluateAsync<string>("e => getComputedStyle(e).fontWeight"));
            Assert.Equal("pre-wrap", await bodies.Nth(1).Locator("pre").EvaluateAsync<string>("e => getComputedStyle(e).whiteSpace"));

            await bob.ReloadAsync();
            await Expect(bob.Locator("#connection-status")).ToHaveTextAsync("Connected");
        }
    }

    [Fact]
    public async Task Hostile_markdown_shows_only_allowed_markup_and_runs_nothing_live_and_after_a_reload()
    {
        var roomId = await NewPublicRoom("Hostile markdown");
        // No CSP for the reader: whatever markup got through would run, so "nothing ran" is the renderer's doing.
        var reader = await SignUpInBrowser("Reader", bypassCsp: true);
        var ran = 0;
        reader.Dialog += (_, dialog) => { ran++; _ = dialog.DismissAsync(); };
        await OpenRoom(reader, roomId);
        await using var mallory = await TestUser.SignUpAsync(app);
        await using var trudy = await TestUser.SignUpAsync(app);
        var (malloryHub, _) = await mallory.ConnectToRoomAsync(roomId);
        var (trudyHub, _) = await trudy.ConnectToRoomAsync(roomId);

        // Two senders, so the corpus stays within one user's send burst.
        for (var i = 0; i < HostileMarkdown.Texts.Length; i++)
        {
            await TestUser.SendAsync(i % 2 == 0 ? malloryHub : trudyHub, roomId, HostileMarkdown.Texts[i]);
        }

        var allowed = AllowedHtml.Elements.ToDictionary(e => e.Key, e => e.Value);
        foreach (var rendered in new[] { "live", "reloaded" })
        {
            await Expect(reader.Locator("#messages li[data-seq]")).ToHaveCountAsync(HostileMarkdown.Texts.Length);
            await reader.WaitForTimeoutAsync(300); // a failing image's onerror fires after the load attempt
            var violations = await AllowedDom.ViolationsAsync(reader, "#messages li[data-seq] .text", allowed, spansAreMentions: true);
            Assert.True(violations.Length == 0, $"{rendered}: {string.Join("; ", violations)}");
            Assert.Equal(0, ran);

            await reader.ReloadAsync();
            await Expect(reader.Locator("#connection-status")).ToHaveTextAsync("Connected");
        }
    }
}
