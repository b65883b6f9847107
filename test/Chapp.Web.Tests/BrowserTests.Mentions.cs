using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Chapp.Web.Tests.ChatPage;
using static Microsoft.Playwright.Assertions;

namespace Chapp.Web.Tests;

/// <summary>A mention counts on the sidebar's badge and, while the page is hidden, raises a browser notification.</summary>
public sealed partial class BrowserTests
{
    // The page's visibility under the test's control (headless Chromium always reports "visible" and focused).
    private const string HiddenPageScript = """
        (() => {
            window.__chappHidden = false;
            Object.defineProperty(document, "visibilityState", { configurable: true, get: () => window.__chappHidden ? "hidden" : "visible" });
            Object.defineProperty(document, "hidden", { configurable: true, get: () => window.__chappHidden });
            const hasFocus = Document.prototype.hasFocus;
            document.hasFocus = () => !window.__chappHidden && hasFocus.call(document);
        })();
        """;

    // Records notifications instead of showing them; permission starts undecided, as in a new browser profile.
    private const string NotificationStubScript = """
        (() => {
            window.__chappNotes = [];
            window.__chappPermissionAsked = 0;
            class StubNotification {
                constructor(title, options) { window.__chappNotes.push({ title, body: options?.body ?? "", tag: options?.tag ?? "" }); }
                static requestPermission() {
                    window.__chappPermissionAsked++;
                    StubNotification.permission = "granted";
                    return Promise.resolve("granted");
                }
                close() {}
            }
            StubNotification.permission = "default";
            window.Notification = StubNotification;
        })();
        """;

    [Fact]
    public async Task A_mention_counts_on_the_badge_and_raises_a_notification_only_while_the_page_is_hidden()
    {
        var lobby = await NewPublicRoom("Mention lobby");
        var garden = await NewPublicRoom("Mention garden");
        var alice = await SignUpInBrowser("Alice");
        var bob = await SignUpInBrowser("Bob");
        await bob.Context.AddInitScriptAsync(HiddenPageScript);
        await bob.Context.AddInitScriptAsync(NotificationStubScript);
        var bobName = await SignedInUserName(bob);
        await OpenRoom(alice, lobby);
        await OpenRoom(bob, lobby);
        await OpenRoom(bob, garden);
        var button = bob.GetByRole(AriaRole.Button, new() { Name = "Turn on notifications" });
        await Expect(button).ToBeVisibleAsync();
        Assert.Equal(0, await bob.EvaluateAsync<int>("() => window.__chappPermissionAsked")); // never on load

        await button.ClickAsync();

        await Expect(bob.Locator("#notify-button")).ToHaveTextAsync("Notifications are on");
        Assert.Equal(1, await bob.EvaluateAsync<int>("() => window.__chappPermissionAsked"));
        await SetHidden(bob, true);

        await Send(alice, $"@{bobName} can you look at this?");

        await Expect(MentionBadge(bob, lobby)).ToHaveTextAsync("1 mention");
        await Expect(UnreadBadge(bob, lobby)).ToHaveTextAsync("1 unread");
        await Expect(bob).ToHaveTitleAsync(new Regex(@"^\(1\) "));
        var notes = await Notes(bob);
        var note = Assert.Single(notes);
        Assert.Equal("You were mentioned in Mention lobby", note.GetProperty("title").GetString());
        Assert.Contains($"@{bobName} can you look at this?", note.GetProperty("body").GetString(), StringComparison.Ordinal);

        // Seen: a mention counts, but nothing pops up.
        await SetHidden(bob, false);
        await Send(alice, $"and again, @{bobName}");
        await Expect(MentionBadge(bob, lobby)).ToHaveTextAsync("2 mentions");
        await Expect(UnreadBadge(bob, lobby)).ToHaveTextAsync("2 unread");
        Assert.Single(await Notes(bob));
        await Send(alice, "no name in this one");
        await Expect(UnreadBadge(bob, lobby)).ToHaveTextAsync("3 unread");
        await Expect(MentionBadge(bob, lobby)).ToHaveTextAsync("2 mentions");

        await OpenFromSidebar(bob, lobby);

        await Expect(MentionBadge(bob, lobby)).ToBeHiddenAsync();
        await Expect(UnreadBadge(bob, lobby)).ToBeHiddenAsync();
        await Expect(bob).ToHaveTitleAsync("Mention lobby · Chapp");
    }

    private static Task SetHidden(IPage page, bool hidden) =>
        page.EvaluateAsync("hidden => { window.__chappHidden = hidden; document.dispatchEvent(new Event('visibilitychange')); }", hidden);

    private static async Task<JsonElement[]> Notes(IPage page) =>
        (await page.EvaluateAsync<JsonElement>("() => window.__chappNotes")).EnumerateArray().ToArray();
}
