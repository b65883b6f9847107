using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Chapp.Web.Tests;

/// <summary>A reader's own mentions stand out on the page the server renders, with script turned off.</summary>
public sealed partial class BrowserTests
{
    [Fact]
    public async Task Without_script_the_readers_own_mentions_are_highlighted_and_others_are_not()
    {
        var lobby = await NewPublicRoom("Plain mentions");
        var bobName = AppFixture.NewUserName("bob");
        var bob = await SignUpInBrowser("Bob", javaScript: false, userName: bobName);
        await using var alice = await TestUser.SignUpAsync(app);
        var (connection, _) = await alice.ConnectToRoomAsync(lobby);
        await TestUser.SendAsync(connection, lobby, $"@{bobName} and @{alice.UserName}, lunch?");
        // Markup typed as text is escaped, so it cannot pass for a mention of Bob.
        await TestUser.SendAsync(connection, lobby, $"<span class=\"mention\" data-user=\"{bobName.ToLowerInvariant()}\">fake</span>");

        await bob.GotoAsync("rooms/" + lobby);

        var messages = bob.Locator("#messages li[data-seq] .text");
        await Expect(messages.First.Locator("span.mention.me")).ToHaveTextAsync($"@{bobName}");
        await Expect(messages.First.Locator("span.mention")).ToHaveCountAsync(2);
        await Expect(messages.First.Locator($"span.mention[data-user='{alice.UserName.ToLowerInvariant()}']")).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bme\b"));
        await Expect(messages.Nth(1).Locator("span")).ToHaveCountAsync(0);
        await Expect(messages.Nth(1)).ToContainTextAsync("<span class=\"mention\"");
        Assert.Equal("rgb(255, 241, 184)", await messages.First.Locator("span.mention.me").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
    }
}
