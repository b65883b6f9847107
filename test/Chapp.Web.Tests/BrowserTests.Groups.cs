using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Chapp.Web.Tests.ChatPage;
using static Microsoft.Playwright.Assertions;

namespace Chapp.Web.Tests;

/// <summary>Group conversations as three people use them in a real browser: start, talk, mention, leave.</summary>
public sealed partial class BrowserTests
{
    [Fact]
    public async Task Three_people_make_a_group_the_third_sees_messages_live_then_leaves_and_stops_receiving()
    {
        var (aliceName, bobName, carolName) = (AppFixture.NewUserName("alice"), AppFixture.NewUserName("bob"), AppFixture.NewUserName("carol"));
        var alice = await SignUpInBrowser("Alice", userName: aliceName);
        var bob = await SignUpInBrowser("Bob", userName: bobName);
        var carol = await SignUpInBrowser("Carol", userName: carolName);

        // Alice starts the group from the home page's link and its form.
        await alice.GetByRole(AriaRole.Link, new() { Name = "Start a group conversation" }).ClickAsync();
        await alice.GetByLabel("People (their user names, separated by commas or spaces)").FillAsync($"{bobName}, {carolName}");
        await alice.GetByLabel("Name (optional)").FillAsync("Launch crew");
        await alice.GetByRole(AriaRole.Button, new() { Name = "Start the conversation" }).ClickAsync();
        await Expect(alice).ToHaveURLAsync(new Regex("/rooms/grp-[0-9a-f]{32}$"));
        var roomId = alice.Url[(alice.Url.LastIndexOf('/') + 1)..];
        await Expect(alice.Locator("#connection-status")).ToHaveTextAsync("Connected");

        // Carol finds it in her room list, and has it open in a second tab too.
        await carol.ReloadAsync();
        // Her sidebar lists it.
        await carol.GetByRole(AriaRole.Navigation, new() { Name = "Your chats" }).GetByRole(AriaRole.Link, new() { Name = "Launch crew" }).ClickAsync();
        await Expect(carol.Locator("#connection-status")).ToHaveTextAsync("Connected");
        var carolTab = await carol.Context.NewPageAsync();
        await OpenRoom(carolTab, roomId);
        await OpenRoom(bob, roomId);

        // The member list: all three, who is online.
        await bob.Locator("#members-summary").ClickAsync();
        await Expect(bob.Locator("#member-list li")).ToHaveCountAsync(3);
        await Expect(bob.Locator("#member-list li.online")).ToHaveCountAsync(3);
        await Expect(bob.Locator("#members-summary")).ToHaveTextAsync("Members: 3, 3 online");

        // Bob mentions Carol with the autocomplete: "@ca", the list offers Carol, Enter picks her.
        var box = bob.GetByRole(AriaRole.Combobox, new() { Name = "Message" });
        await box.PressSequentiallyAsync("thanks @ca");
        await Expect(bob.GetByRole(AriaRole.Option)).ToHaveTextAsync([$"Carol @{carolName}"]);
        await Expect(box).ToHaveAttributeAsync("aria-expanded", "true");
        await box.PressAsync("Enter");
        await Expect(box).ToHaveValueAsync($"thanks @{carolName} ");
        await Expect(box).ToHaveAttributeAsync("aria-expanded", "false");
        await box.PressAsync("Enter");
        await Expect(carol.Locator("#messages li[data-seq] .mention.me")).ToHaveTextAsync([$"@{carolName}"]);
        await Expect(alice.Locator("#messages li[data-seq] .text")).ToHaveTextAsync([$"thanks @{carolName}"]);
        await Expect(alice.Locator("#messages li[data-seq] .mention")).ToHaveCountAsync(1);
        await Expect(alice.Locator("#messages .mention.me")).ToHaveCountAsync(0); // highlighted only for the person named

        await Send(alice, "Hello, crew!");
        await Expect(Texts(carol)).ToHaveTextAsync([$"thanks @{carolName}", "Hello, crew!"], new() { Timeout = 2000 });
        await Expect(Texts(carolTab)).ToHaveTextAsync([$"thanks @{carolName}", "Hello, crew!"], new() { Timeout = 2000 });

        // Carol leaves; her other tab is told at once and gets nothing more.
        await carol.GetByRole(AriaRole.Button, new() { Name = "Leave group" }).ClickAsync();
        await Expect(carol).ToHaveURLAsync(new Regex("/$"));
        await Expect(carol.GetByRole(AriaRole.Link, new() { Name = "Launch crew" })).ToHaveCountAsync(0);
        await Expect(carolTab.Locator("#composer-reason")).ToHaveTextAsync("You are no longer a member of this conversation.");
        await Expect(carolTab.Locator("#composer-text")).ToBeDisabledAsync();
        await Expect(bob.Locator("#member-list li")).ToHaveCountAsync(2);

        await Send(alice, "Carol is gone");
        await Expect(Texts(bob)).ToHaveTextAsync([$"thanks @{carolName}", "Hello, crew!", "Carol is gone"]);
        await Task.Delay(500);
        await Expect(Texts(carolTab)).ToHaveTextAsync([$"thanks @{carolName}", "Hello, crew!"]);

        await carolTab.ReloadAsync();
        await Expect(carolTab.GetByRole(AriaRole.Heading, new() { Name = "Room not found" })).ToBeVisibleAsync();
        await Expect(carolTab.Locator("#messages")).ToHaveCountAsync(0);
    }
}
