using Chapp.Grains;
using Microsoft.Extensions.DependencyInjection;
using static Chapp.Web.Tests.ChatPage;
using static Microsoft.Playwright.Assertions;

namespace Chapp.Web.Tests;

/// <summary>A public room's topic reaches the sidebar of members who do not have the room open, or are not online at all.</summary>
public sealed partial class BrowserTests
{
    [Fact]
    public async Task A_public_room_topic_set_elsewhere_reaches_the_sidebar_of_a_member_on_another_room()
    {
        var lobby = await NewPublicRoom("Topic lobby");
        var garden = await NewPublicRoom("Topic garden");
        var bob = await SignUpInBrowser("Bob");
        await OpenRoom(bob, lobby);
        await OpenRoom(bob, garden); // Lobby stays in Bob's sidebar, not open
        await Expect(SidebarRoom(bob, lobby).Locator("a")).Not.ToHaveAttributeAsync("title", "Release on Friday");
        await using var alice = await TestUser.SignUpAsync(app);

        await app.Services.GetRequiredService<IGrainFactory>().GetRoom(lobby).SetTopic(alice.UserName, "Release on Friday");

        await Expect(SidebarRoom(bob, lobby).Locator("a")).ToHaveAttributeAsync("title", "Release on Friday");
        await bob.ReloadAsync(); // the server renders Bob's stored copy
        await Expect(SidebarRoom(bob, lobby).Locator("a")).ToHaveAttributeAsync("title", "Release on Friday");
        await Expect(SidebarRoom(bob, garden).Locator("a")).Not.ToHaveAttributeAsync("title", "Release on Friday");
    }

    [Fact]
    public async Task A_public_room_topic_set_while_a_member_was_offline_is_in_his_sidebar_when_he_comes_back()
    {
        var lobby = await NewPublicRoom("Away lobby");
        var alice = await SignUpInBrowser("Alice");
        var bob = await SignUpInBrowser("Bob");
        await OpenRoom(bob, lobby);
        var context = bob.Context;
        await bob.CloseAsync(); // Bob is gone: no page, no connection anywhere
        await OpenRoom(alice, lobby);

        await alice.Locator("#members-summary").ClickAsync();
        await alice.GetByLabel("Topic", new() { Exact = true }).FillAsync("Moved to Thursday");
        await alice.Locator("#set-topic").ClickAsync();
        await Expect(alice.Locator("#room-topic")).ToHaveTextAsync("Moved to Thursday");

        bob = await context.NewPageAsync();
        await bob.GotoAsync("");
        await Expect(SidebarRoom(bob, lobby).Locator("a")).ToHaveAttributeAsync("title", "Moved to Thursday");
        await bob.ReloadAsync();
        await Expect(SidebarRoom(bob, lobby).Locator("a")).ToHaveAttributeAsync("title", "Moved to Thursday");
    }
}
