using Microsoft.Playwright;
using static Chapp.Web.Tests.ChatPage;
using static Microsoft.Playwright.Assertions;

namespace Chapp.Web.Tests;

/// <summary>Editing, deleting and reacting, as people see it: live, after a reload, and after being offline.</summary>
public sealed partial class BrowserTests
{
    [Fact]
    public async Task An_edit_and_a_delete_are_seen_live_and_by_people_who_were_away_when_they_come_back()
    {
        var roomId = await NewPublicRoom("Second thoughts");
        var alice = await SignUpInBrowser("Alice");
        var bob = await SignUpInBrowser("Bob");
        var carol = await SignUpInBrowser("Carol");
        var dave = await SignUpInBrowser("Dave");
        foreach (var page in new[] { alice, bob, carol, dave })
        {
            await OpenRoom(page, roomId);
        }

        await Send(alice, "helo wrld");
        await Send(alice, "I take that back");
        string[] sent = ["helo wrld", "I take that back"];
        await Expect(Texts(carol)).ToHaveTextAsync(sent);
        await Expect(Texts(dave)).ToHaveTextAsync(sent);
        await Expect(bob.GetByRole(AriaRole.Button, new() { Name = "Edit message" })).ToHaveCountAsync(0);
        var roomUrl = carol.Url;
        await carol.CloseAsync(); // Carol leaves; she comes back with a fresh page
        await dave.Context.SetOfflineAsync(true); // Dave's connection drops; he reconnects
        await Expect(dave.Locator("#connection-status")).ToHaveTextAsync("Offline");

        // Escape leaves the message as it was; Enter saves.
        var first = alice.Locator("#messages li[data-seq]").First;
        await first.GetByRole(AriaRole.Button, new() { Name = "Edit message" }).ClickAsync();
        await alice.GetByRole(AriaRole.Textbox, new() { Name = "Edit message" }).FillAsync("never mind");
        await alice.Keyboard.PressAsync("Escape");
        await Expect(Texts(alice)).ToHaveTextAsync(sent);
        await first.GetByRole(AriaRole.Button, new() { Name = "Edit message" }).ClickAsync();
        await alice.GetByRole(AriaRole.Textbox, new() { Name = "Edit message" }).FillAsync("hello world");
        await alice.Keyboard.PressAsync("Enter");
        var second = alice.Locator("#messages li[data-seq]").Nth(1);
        await second.GetByRole(AriaRole.Button, new() { Name = "Delete message" }).ClickAsync();
        await second.GetByRole(AriaRole.Button, new() { Name = "Yes, delete" }).ClickAsync();

        string[] now = ["hello world", "message deleted"];
        await Expect(Texts(alice)).ToHaveTextAsync(now);
        await Expect(Texts(bob)).ToHaveTextAsync(now);
        await ExpectEditedAndDeleted(bob);

        carol = await carol.Context.NewPageAsync();
        await carol.GotoAsync(roomUrl);
        await WaitUntilLive(carol, roomId);
        await Expect(Texts(carol)).ToHaveTextAsync(now);
        await ExpectEditedAndDeleted(carol);

        await dave.Context.SetOfflineAsync(false);
        await Expect(dave.Locator("#connection-status")).ToHaveTextAsync("Connected", new() { Timeout = 15000 });
        await Expect(Texts(dave)).ToHaveTextAsync(now);
        await ExpectEditedAndDeleted(dave);

        // After everything, one more message keeps the order: no gap is imagined after the trailing events.
        await Send(bob, "noted");
        await Expect(Texts(dave)).ToHaveTextAsync([.. now, "noted"]);
        await Expect(Texts(carol)).ToHaveTextAsync([.. now, "noted"]);
    }

    [Fact]
    public async Task A_reaction_is_toggled_on_and_off_and_shows_who_reacted()
    {
        var roomId = await NewPublicRoom("Reactions");
        var alice = await SignUpInBrowser("Alice");
        var bob = await SignUpInBrowser("Bob");
        await OpenRoom(alice, roomId);
        await OpenRoom(bob, roomId);
        await Send(alice, "lunch at noon?");
        var bobName = await UserName(bob);
        var message = bob.Locator("#messages li[data-seq]").First;
        await Expect(message).ToBeVisibleAsync();

        await message.GetByRole(AriaRole.Button, new() { Name = "Add a reaction" }).ClickAsync();
        await message.GetByRole(AriaRole.Button, new() { Name = "React with 👍" }).ClickAsync();
        await message.GetByRole(AriaRole.Button, new() { Name = "Add a reaction" }).ClickAsync();
        await message.GetByRole(AriaRole.Textbox, new() { Name = "Any emoji" }).FillAsync("🦄");
        await bob.Keyboard.PressAsync("Enter");

        // Who reacted, by display name (Bob's is "Bob"), live and after a reload.
        var seen = alice.Locator("#messages li[data-seq]").First.Locator(".reaction");
        await Expect(seen).ToHaveTextAsync(["👍 1", "🦄 1"]);
        await Expect(seen.First).ToHaveAttributeAsync("title", "Bob");
        await Expect(seen.First).ToHaveAttributeAsync("aria-label", "👍 1: Bob");
        await Expect(message.Locator(".reaction.mine")).ToHaveCountAsync(2);
        await alice.ReloadAsync();
        await Expect(seen).ToHaveTextAsync(["👍 1", "🦄 1"]);
        await Expect(seen.First).ToHaveAttributeAsync("title", "Bob");
        await Expect(seen.First).ToHaveAttributeAsync("aria-label", "👍 1: Bob");
        Assert.NotEqual("Bob", bobName);

        await message.Locator(".reaction[data-emoji='👍']").ClickAsync();

        await Expect(seen).ToHaveTextAsync(["🦄 1"]);
        await Expect(message.Locator(".reaction")).ToHaveTextAsync(["🦄 1"]);
    }

    [Fact]
    public async Task Editing_starts_from_the_raw_text_after_a_reload_and_the_edit_is_rendered_for_everyone()
    {
        var roomId = await NewPublicRoom("Formatted edits");
        var alice = await SignUpInBrowser("Alice");
        var bob = await SignUpInBrowser("Bob");
        await OpenRoom(alice, roomId);
        await OpenRoom(bob, roomId);
        await Send(alice, "a **bold** move");
        await Expect(bob.Locator("#messages li[data-seq] .text strong")).ToHaveTextAsync("bold");
        await alice.ReloadAsync();
        await WaitUntilLive(alice, roomId);

        await alice.GetByRole(AriaRole.Button, new() { Name = "Edit message" }).ClickAsync();
        var box = alice.GetByRole(AriaRole.Textbox, new() { Name = "Edit message" });
        await Expect(box).ToHaveValueAsync("a **bold** move");
        await box.FillAsync("a **bolder** move");
        await box.PressAsync("Enter");

        await Expect(bob.Locator("#messages li[data-seq] .text strong")).ToHaveTextAsync("bolder");
        await Expect(alice.Locator("#messages li[data-seq] .text strong")).ToHaveTextAsync("bolder");
    }

    [Fact]
    public async Task Reactions_name_people_by_display_name_and_a_hostile_display_name_stays_text()
    {
        const string hostile = "<img src=x onerror=\"window.__pwned=1\"> Eve";
        var roomId = await NewPublicRoom("Named reactions");
        var alice = await SignUpInBrowser("Alice");
        var eve = await SignUpInBrowser(hostile, userName: AppFixture.NewUserName("eve"));
        await OpenRoom(alice, roomId);
        await Send(alice, "who likes this?");
        await alice.CloseAsync(); // the room is empty of Eve's messages and of Alice: her name must be looked up
        await OpenRoom(eve, roomId);
        var message = eve.Locator("#messages li[data-seq]").First;
        await message.GetByRole(AriaRole.Button, new() { Name = "Add a reaction" }).ClickAsync();
        await message.GetByRole(AriaRole.Button, new() { Name = "React with 👍" }).ClickAsync();

        var bob = await SignUpInBrowser("Bob");
        await OpenRoom(bob, roomId); // rendered by the server
        var reaction = bob.Locator("#messages li[data-seq] .reaction").First;
        await Expect(reaction).ToHaveAttributeAsync("title", hostile);
        await Expect(reaction).ToHaveAttributeAsync("aria-label", $"👍 1: {hostile}");
        await reaction.ClickAsync(); // Bob joins in: the bar is rebuilt by the script from the event
        await Expect(reaction).ToHaveAttributeAsync("title", $"{hostile}, Bob");
        await Expect(eve.Locator("#messages li[data-seq] .reaction").First).ToHaveAttributeAsync("title", $"{hostile}, Bob");
        foreach (var page in new[] { bob, eve })
        {
            await Expect(page.Locator("#messages img")).ToHaveCountAsync(0);
            Assert.False(await page.EvaluateAsync<bool>("() => window.__pwned === 1"));
        }
    }

    private static async Task ExpectEditedAndDeleted(IPage page)
    {
        var items = page.Locator("#messages li[data-seq]");
        await Expect(items.First.Locator(".edited")).ToHaveTextAsync("(edited)");
        await Expect(items.First.Locator(".edited")).ToHaveAttributeAsync("title", new System.Text.RegularExpressions.Regex("^Edited "));
        await Expect(items.Nth(1)).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("\\bdeleted\\b"));
        await Expect(items.Nth(1).Locator(".edited")).ToHaveCountAsync(0);
    }
}
