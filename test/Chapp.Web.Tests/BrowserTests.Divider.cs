using Chapp.Grains;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using static Chapp.Web.Tests.ChatPage;
using static Microsoft.Playwright.Assertions;

namespace Chapp.Web.Tests;

/// <summary>Where the script puts "New messages" when a room is opened without a page load.</summary>
public sealed partial class BrowserTests
{
    [Fact]
    public async Task New_messages_opened_from_the_sidebar_starts_at_someone_elses_message_not_your_own_or_a_deleted_one()
    {
        var lobby = await NewPublicRoom("Divider lobby");
        var garden = await NewPublicRoom("Divider garden");
        await using var alice = await TestUser.SignUpAsync(app);
        var (connection, _) = await alice.ConnectToRoomAsync(lobby);
        await TestUser.SendAsync(connection, lobby, "before Bob came");
        var bob = await SignUpInBrowser("Bob");
        var bobName = await SignedInUserName(bob);
        await OpenRoom(bob, lobby);
        await OpenRoom(bob, garden);
        await MarkWindow(bob);

        // After Bob's read position: his own message (from another device), one deleted, then the first new one.
        await app.Services.GetRequiredService<IGrainFactory>().GetRoom(lobby).Post(bobName, "Bob", "mine, from my phone", "d1");
        var gone = await TestUser.SendAsync(connection, lobby, "oops");
        await connection.InvokeAsync<ChatMessage>("DeleteMessage", lobby, gone.Seq);
        await TestUser.SendAsync(connection, lobby, "first new");
        await Expect(UnreadBadge(bob, lobby)).ToHaveTextAsync("1 unread");

        await OpenFromSidebar(bob, lobby);

        await Expect(bob.Locator("#unread-divider + li[data-seq] .text")).ToHaveTextAsync("first new");
        await AssertNotReloaded(bob);
    }
}
