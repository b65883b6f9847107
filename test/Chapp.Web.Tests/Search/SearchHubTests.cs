using System.Net;
using Chapp.Grains;
using Chapp.Web.Search;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Chapp.Web.Tests.Search;

/// <summary>
/// Search over the hub and the no-script page, as Alice uses it and as Mallory attacks it: Alice and Bob's
/// conversation never shows up in Mallory's results, whatever room she names; stored text stays text.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class SearchHubTests(AppFixture app)
{
    private IGrainFactory Grains => app.Services.GetRequiredService<IGrainFactory>();

    [Fact]
    public async Task Mallory_finds_nothing_of_alice_and_bobs_conversation_over_the_hub_or_the_page_even_naming_its_room()
    {
        await using var alice = await TestUser.SignUpAsync(app);
        await using var bob = await TestUser.SignUpAsync(app);
        await using var mallory = await TestUser.SignUpAsync(app);
        var secret = await OpenConversation(alice, bob);
        var lobby = await NewPublicRoom(alice, bob, mallory);
        var (aliceHub, _) = await alice.ConnectToRoomAsync(secret);
        await TestUser.SendAsync(aliceHub, secret, "The vault code is quartz 7731");
        var (bobHub, _) = await bob.ConnectToRoomAsync(lobby);
        await TestUser.SendAsync(bobHub, lobby, "Meet at the quartz fountain");
        var malloryHub = mallory.NewHubConnection();
        await malloryHub.StartAsync();

        var aliceSees = await aliceHub.InvokeAsync<SearchResults>("Search", "quartz", 1);
        Assert.Equal([lobby, secret], aliceSees.Results.Select(r => r.RoomId));
        Assert.Equal("Conversation with " + bob.UserName, aliceSees.Results[1].RoomLabel);
        Assert.Equal(["The vault code is ", "quartz", " 7731"], aliceSees.Results[1].Snippet.Select(p => p.Text));
        Assert.Equal([false, true, false], aliceSees.Results[1].Snippet.Select(p => p.Match));

        foreach (var words in new[] { "quartz", "vault", "7731", "vault OR fountain", "\"vault\" | fountain", "code:*" })
        {
            var seen = await malloryHub.InvokeAsync<SearchResults>("Search", words, 1);
            Assert.All(seen.Results, r => Assert.Equal(lobby, r.RoomId));
        }

        // Naming the room: the hub takes no room, and the page ignores one in its address.
        await Assert.ThrowsAsync<HubException>(() => malloryHub.InvokeAsync<SearchResults>("Search", "vault", 1, secret));
        var around = await Assert.ThrowsAsync<HubException>(() => malloryHub.InvokeAsync<IReadOnlyList<ChatMessage>>("GetAround", secret, 1L));
        Assert.Contains($"There is no room '{secret}'.", around.Message);
        foreach (var query in new[] { $"q=vault&room={secret}", $"q=vault&roomId={secret}&rooms={secret}", $"q=quartz&room={secret}" })
        {
            var html = await mallory.Http.GetStringAsync("/search?" + query);
            Assert.DoesNotContain("vault code", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(secret, html, StringComparison.Ordinal);
        }

        Assert.Contains("No messages in your rooms match.", await mallory.Http.GetStringAsync($"/search?q=vault&room={secret}"));
        Assert.Contains("Meet at the <mark>quartz</mark> fountain", await mallory.Http.GetStringAsync("/search?q=quartz"));
    }

    [Fact]
    public async Task The_page_shows_context_with_the_match_marked_and_stored_html_as_text()
    {
        await using var erin = await TestUser.SignUpAsync(app);
        var room = await NewPublicRoom(erin);
        var (hub, _) = await erin.ConnectToRoomAsync(room);
        var filler = string.Join(' ', Enumerable.Repeat("lorem ipsum", 20));
        await TestUser.SendAsync(hub, room, $"{filler} <img src=x onerror=alert(1)> the marmoset <b>escaped</b> {filler}");

        using var response = await erin.Http.GetAsync("/search?q=Marmoset");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt; the <mark>marmoset</mark> &lt;b&gt;escaped&lt;/b&gt;", html);
        Assert.DoesNotContain("<img src=x", html);
        Assert.Contains($"href=\"/rooms/{room}?at=1#m-1\"", html);
        // Context, not the whole message: cut at words, with the cuts shown.
        Assert.Matches("&#x2026; (lorem|ipsum) ", html);
        Assert.Matches(" (lorem|ipsum) &#x2026;", html);
        Assert.DoesNotContain(filler + " &lt;img", html);
    }

    [Fact]
    public async Task An_edited_message_found_by_search_is_marked_edited_like_in_the_room()
    {
        await using var erin = await TestUser.SignUpAsync(app);
        var room = await NewPublicRoom(erin);
        var (hub, _) = await erin.ConnectToRoomAsync(room);
        var edited = await TestUser.SendAsync(hub, room, "the axolotl tank, first draft");
        await TestUser.SendAsync(hub, room, "another axolotl note, as sent");
        await hub.InvokeAsync<ChatMessage>("EditMessage", room, edited.Seq, "the axolotl tank, second draft");

        var html = await erin.Http.GetStringAsync("/search?q=axolotl");

        var results = System.Text.RegularExpressions.Regex.Matches(html, "<li class=\"search-result\".*?</li>",
            System.Text.RegularExpressions.RegexOptions.Singleline).Select(m => m.Value).ToArray();
        Assert.Equal(2, results.Length);
        var first = Assert.Single(results, r => r.Contains("second draft", StringComparison.Ordinal));
        Assert.Contains(">(edited)</span>", first);
        Assert.DoesNotContain("(edited)", Assert.Single(results, r => r.Contains("as sent", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_search_without_words_or_too_long_is_refused_with_a_reason()
    {
        await using var erin = await TestUser.SignUpAsync(app);
        var hub = erin.NewHubConnection();
        await hub.StartAsync();

        var noWords = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<SearchResults>("Search", "\"*() ^:", 1));
        var tooLong = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<SearchResults>("Search", new string('x', 201), 1));
        var deep = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<SearchResults>("Search", "x", 11));
        using var page = await erin.Http.GetAsync("/search?q=%22*%28%29");

        Assert.Contains("Type at least one word to search for.", noWords.Message);
        Assert.Contains("at most 200 characters", tooLong.Message);
        Assert.Contains("Search pages go from 1 to 10.", deep.Message);
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Contains("Type at least one word to search for.", await page.Content.ReadAsStringAsync());
    }

    private async Task<string> NewPublicRoom(params TestUser[] members)
    {
        var roomId = "s-" + Guid.NewGuid().ToString("N")[..12];
        await Grains.GetRoom(roomId).Create("Room " + roomId, RoomKind.Public, members[0].UserName, []);
        foreach (var member in members)
        {
            // What opening the room's page does.
            await Grains.GetUser(member.UserName).JoinRoom(roomId);
        }

        return roomId;
    }

    private static async Task<string> OpenConversation(TestUser from, TestUser with)
    {
        using var opened = await from.PostFormAsync("/?handler=Direct", new() { ["OtherUser"] = with.UserName }, formPage: "/");
        return opened.RequestMessage!.RequestUri!.AbsolutePath["/rooms/".Length..];
    }
}
