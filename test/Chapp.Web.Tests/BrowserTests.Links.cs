using Chapp.Web.Tests.Formatting;
using Microsoft.Playwright;
using static Chapp.Web.Tests.ChatPage;
using static Microsoft.Playwright.Assertions;

namespace Chapp.Web.Tests;

/// <summary>Links in messages: clickable, safe, and the same whether the server or the browser rendered them.</summary>
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

        foreach (var rendered in new[] { "live (format.js)", "reloaded (server)" })
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
    public async Task The_browser_formats_every_corpus_text_exactly_as_the_server_does()
    {
        var roomId = await NewPublicRoom("Format corpus");
        var page = await SignUpInBrowser("Corpus");
        await OpenRoom(page, roomId);

        foreach (var (text, shown) in LinkCorpus.Cases)
        {
            var browser = await page.EvaluateAsync<string>(
                """
                ([text, me]) => {
                    const holder = document.createElement("p");
                    holder.append(window.chappFormat.text(text, me));
                    return Array.from(holder.childNodes, node =>
                        node.nodeType === Node.TEXT_NODE ? node.data
                        : node.localName === "a" && node.rel === "noopener noreferrer nofollow" && node.target === "_blank"
                            && node.getAttribute("href") === node.textContent ? "[" + node.textContent + "]"
                        : node.localName === "mark" ? "{" + node.textContent + "}"
                        : "<unexpected " + node.localName + ">").join("");
                }
                """, new object[] { text, LinkCorpus.Reader });
            Assert.Equal(shown, browser);
        }
    }
}
