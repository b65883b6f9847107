using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Chapp.Web.Tests.ChatPage;
using static Microsoft.Playwright.Assertions;

namespace Chapp.Web.Tests;

/// <summary>What counts as unread: new messages by others, not the edits, deletes and reactions in the room's log.</summary>
public sealed partial class BrowserTests
{
    [Fact]
    public async Task Reactions_edits_and_deletes_in_a_room_Bob_has_read_do_not_count_as_unread_live_or_after_a_reload()
    {
        var lobby = await NewPublicRoom("Settled lobby");
        var garden = await NewPublicRoom("Settled garden");
        var alice = await SignUpInBrowser("Alice");
        var bob = await SignUpInBrowser("Bob");
        await bob.Context.AddInitScriptAsync(NotificationStubScript);
        var bobName = await SignedInUserName(bob);
        await OpenRoom(alice, lobby);
        await Send(alice, "old news");
        await Send(alice, "typo here");
        await OpenRoom(bob, lobby);
        await Expect(bob.Locator("#messages li[data-seq] .text")).ToHaveTextAsync(["old news", "typo here"]);
        await bob.GetByRole(AriaRole.Button, new() { Name = "Turn on notifications" }).ClickAsync();
        await OpenRoom(bob, garden);
        await MarkWindow(bob);

        // Alice reacts to an old message and edits another (naming Bob): nothing new to read.
        var old = alice.Locator("#messages li[data-seq]").First;
        await old.GetByRole(AriaRole.Button, new() { Name = "Add a reaction" }).ClickAsync();
        await old.GetByRole(AriaRole.Button, new() { Name = "React with 👍" }).ClickAsync();
        await Expect(old.Locator(".reaction")).ToHaveTextAsync(["👍 1"]);
        var typo = alice.Locator("#messages li[data-seq]").Nth(1);
        await typo.GetByRole(AriaRole.Button, new() { Name = "Edit message" }).ClickAsync();
        await alice.GetByRole(AriaRole.Textbox, new() { Name = "Edit message" }).FillAsync($"typo fixed, @{bobName}");
        await alice.Keyboard.PressAsync("Enter");
        await Expect(typo.Locator(".text")).ToHaveTextAsync($"typo fixed, @{bobName}");

        await Expect(UnreadBadge(bob, lobby)).ToBeHiddenAsync();
        await Expect(MentionBadge(bob, lobby)).ToBeHiddenAsync();
        await Expect(bob).ToHaveTitleAsync("Settled garden · Chapp");

        // One new message is one unread message, however many seqs the events took before it.
        await Send(alice, "lunch?");
        await Expect(UnreadBadge(bob, lobby)).ToHaveTextAsync("1 unread");
        await Expect(bob).ToHaveTitleAsync("(1) Settled garden · Chapp");
        await AssertNotReloaded(bob);
        Assert.Empty(await Notes(bob)); // the edit named Bob, but only a new message mentions anyone
        await bob.ReloadAsync();
        await WaitUntilLive(bob, garden);
        await Expect(UnreadBadge(bob, lobby)).ToHaveTextAsync("1 unread");
        await Expect(bob).ToHaveTitleAsync("(1) Settled garden · Chapp");

        // Alice takes the message back: nothing is left to read, live and after a reload.
        var lunch = alice.Locator("#messages li[data-seq]").Nth(2);
        await lunch.GetByRole(AriaRole.Button, new() { Name = "Delete message" }).ClickAsync();
        await lunch.GetByRole(AriaRole.Button, new() { Name = "Yes, delete" }).ClickAsync();
        await Expect(UnreadBadge(bob, lobby)).ToBeHiddenAsync();
        await Expect(bob).ToHaveTitleAsync("Settled garden · Chapp");
        await bob.ReloadAsync();
        await WaitUntilLive(bob, garden);
        await Expect(UnreadBadge(bob, lobby)).ToBeHiddenAsync();

        await Send(alice, "lunch at one");
        await Expect(UnreadBadge(bob, lobby)).ToHaveTextAsync("1 unread");
        await Expect(bob).ToHaveTitleAsync(new Regex(@"^\(1\) Settled garden · Chapp$"));
    }
}
