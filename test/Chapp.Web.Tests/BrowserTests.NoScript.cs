using System.Text.RegularExpressions;
using Chapp.Grains;
using Chapp.Web.Chat;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Chapp.Web.Tests.ChatPage;
using static Microsoft.Playwright.Assertions;

namespace Chapp.Web.Tests;

/// <summary>Changing messages in a browser that runs no script: server-rendered forms, each change a page load.</summary>
public sealed partial class BrowserTests
{
    [Fact]
    public async Task Without_script_Alice_edits_deletes_and_reacts_and_Bob_sees_it_on_reload()
    {
        var roomId = await NewPublicRoom("Plain changes");
        var alice = await SignUpInBrowser("Alice", javaScript: false);
        var bob = await SignUpInBrowser("Bob", javaScript: false);
        await alice.GotoAsync("rooms/" + roomId);
        await PlainSend(alice, "helo wrld");
        await PlainSend(alice, "I take that back");
        await bob.GotoAsync("rooms/" + roomId);
        await Expect(bob.GetByRole(AriaRole.Link, new() { Name = "Edit message" })).ToHaveCountAsync(0); // not his
        await Expect(bob.GetByRole(AriaRole.Link, new() { Name = "Add a reaction" })).ToHaveCountAsync(2);

        // Edit: a link to a form holding the raw text; Cancel leaves it as it was, Save stores and comes back.
        var first = alice.Locator("#m-1");
        await first.GetByRole(AriaRole.Link, new() { Name = "Edit message" }).ClickAsync();
        var box = alice.GetByRole(AriaRole.Textbox, new() { Name = "Edit message" });
        await Expect(box).ToHaveValueAsync("helo wrld");
        await box.FillAsync("never mind");
        await alice.GetByRole(AriaRole.Link, new() { Name = "Cancel" }).ClickAsync();
        await Expect(Texts(alice)).ToHaveTextAsync(["helo wrld", "I take that back"]);
        await first.GetByRole(AriaRole.Link, new() { Name = "Edit message" }).ClickAsync();
        await box.FillAsync("hello **world**");
        await alice.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(alice).ToHaveURLAsync(new Regex($"/rooms/{roomId}#m-1$"));

        // Delete: asked once, then stored.
        var second = alice.Locator("#m-2");
        await second.GetByRole(AriaRole.Link, new() { Name = "Delete message" }).ClickAsync();
        await second.GetByRole(AriaRole.Button, new() { Name = "Yes, delete" }).ClickAsync();
        await Expect(alice).ToHaveURLAsync(new Regex($"/rooms/{roomId}#m-2$"));
        await Expect(Texts(alice)).ToHaveTextAsync(["hello world", "message deleted"]);
        await Expect(alice.Locator("#m-1 .text strong")).ToHaveTextAsync("world");

        // React: a common emoji, any other, and a reaction of one's own taken back by clicking it.
        await first.GetByRole(AriaRole.Link, new() { Name = "Add a reaction" }).ClickAsync();
        await first.GetByRole(AriaRole.Button, new() { Name = "React with 👍" }).ClickAsync();
        await first.GetByRole(AriaRole.Link, new() { Name = "Add a reaction" }).ClickAsync();
        await first.GetByRole(AriaRole.Textbox, new() { Name = "Any emoji" }).FillAsync("🦄");
        await first.GetByRole(AriaRole.Textbox, new() { Name = "Any emoji" }).PressAsync("Enter");
        await Expect(first.Locator(".reaction")).ToHaveTextAsync(["👍 1", "🦄 1"]);
        await first.Locator(".reaction[data-emoji='🦄']").ClickAsync();
        await Expect(first.Locator(".reaction")).ToHaveTextAsync(["👍 1"]);

        await bob.ReloadAsync();
        await Expect(Texts(bob)).ToHaveTextAsync(["hello world", "message deleted"]);
        await ExpectEditedAndDeleted(bob);
        await Expect(bob.Locator("#m-1 .reaction.mine")).ToHaveCountAsync(0);
        await bob.Locator("#m-1 .reaction[data-emoji='👍']").ClickAsync(); // Bob adds his to Alice's
        await Expect(bob.Locator("#m-1 .reaction")).ToHaveTextAsync(["👍 2"]);
        await Expect(bob.GetByRole(AriaRole.Link, new() { Name = "Add a reaction" })).ToHaveCountAsync(1); // not on the deleted one

        // With script, the page's own buttons are the only controls, and a click on a server-rendered reaction
        // toggles it over the hub without loading the page.
        var carol = await SignUpInBrowser("Carol");
        await OpenRoom(carol, roomId);
        await Expect(carol.GetByRole(AriaRole.Link, new() { Name = "Add a reaction" })).ToHaveCountAsync(0);
        await Expect(carol.GetByRole(AriaRole.Button, new() { Name = "Add a reaction" })).ToHaveCountAsync(1);
        await MarkWindow(carol);
        await carol.Locator("#m-1 .reaction[data-emoji='👍']").ClickAsync();
        await Expect(carol.Locator("#m-1 .reaction")).ToHaveTextAsync(["👍 3"]);
        await AssertNotReloaded(carol);
    }

    [Fact]
    public async Task A_page_on_another_site_that_posts_a_delete_into_Chapp_deletes_nothing()
    {
        var roomId = await NewPublicRoom("Cross-site");
        var aliceName = AppFixture.NewUserName("alice");
        var alice = await SignUpInBrowser("Alice", javaScript: false, userName: aliceName);
        var room = app.Services.GetRequiredService<IGrainFactory>().GetRoom(roomId);
        var message = await room.Post(aliceName, "Alice", "keep me", "k1");
        // Mallory's page, on her own site, holds a form aimed at Alice's message; she lures Alice into pressing it.
        var target = new Uri(app.BaseAddress, $"rooms/{roomId}?handler=Delete");
        await alice.Context.RouteAsync("http://mallory.example/**", route => route.FulfillAsync(new()
        {
            ContentType = "text/html",
            Body = $"<form method=post action='{target}'><input type=hidden name=seq value={message.Seq}><button>Win a prize</button></form>",
        }));
        await alice.GotoAsync("http://mallory.example/prize");

        await alice.GetByRole(AriaRole.Button, new() { Name = "Win a prize" }).ClickAsync();

        // The request reached Chapp (it answers, on its own origin) and was refused: no cookie crosses sites on a
        // POST (SameSite), and no antiforgery token could be in the form.
        await Expect(alice).ToHaveURLAsync(new Regex("^" + Regex.Escape(app.BaseAddress.ToString())));
        var stored = Assert.Single(await room.GetLatest(aliceName, 10));
        Assert.Equal(("keep me", false, 1L), (stored.Text, stored.Deleted, (await room.GetInfo())!.LastSeq));
    }

    [Fact]
    public async Task Without_script_a_result_followed_only_by_edits_and_reactions_offers_no_Newer_link()
    {
        var roomId = await NewPublicRoom("Plain tail");
        var aliceName = AppFixture.NewUserName("alice");
        var alice = await SignUpInBrowser("Alice", javaScript: false, userName: aliceName);
        var room = app.Services.GetRequiredService<IGrainFactory>().GetRoom(roomId);
        await room.Post(aliceName, "Alice", "first", "t1");
        await room.Post(aliceName, "Alice", "last", "t2");
        await room.React(aliceName, 2, "👍", on: true);
        await room.Edit(aliceName, 1, "first, edited");

        await alice.GotoAsync($"rooms/{roomId}?at=2#m-2");

        await Expect(Texts(alice)).ToHaveTextAsync(["first, edited", "last"]);
        await Expect(alice.Locator("#newer-link")).ToHaveCountAsync(0);
        await Expect(alice.Locator("#messages")).ToHaveAttributeAsync("data-last-seq", "4"); // the events are reflected
        await alice.GotoAsync($"rooms/{roomId}?at=1#m-1");
        await Expect(alice.Locator("#newer-link")).ToHaveCountAsync(0); // "last" is on this page too

        // Messages beyond the page do bring the link.
        for (var i = 0; i < ChatHub.PageSize; i++)
        {
            await room.Post(aliceName, "Alice", "more " + i, "m" + i);
        }

        await alice.GotoAsync($"rooms/{roomId}?at=2#m-2");
        await Expect(alice.Locator("#newer-link")).ToBeVisibleAsync();
    }

    private static async Task PlainSend(IPage page, string text)
    {
        await page.GetByLabel("Message", new() { Exact = true }).FillAsync(text);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(page.Locator("#messages li[data-seq] .text").Last).ToHaveTextAsync(text);
    }
}
