using System.Net;
using System.Text.RegularExpressions;
using Chapp.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace Chapp.Web.Tests;

/// <summary>
/// The room page without script, on a server whose edit window is two seconds: a message past the window offers no
/// Edit link (nor edit form), one inside it does, and a forged edit of the old one is still refused with the reason.
/// </summary>
public sealed partial class EditWindowPageTests(EditWindowPageTests.ShortEditWindowApp app) : IClassFixture<EditWindowPageTests.ShortEditWindowApp>
{
    private IGrainFactory Grains => app.Services.GetRequiredService<IGrainFactory>();

    [Fact]
    public async Task Only_a_message_inside_the_edit_window_offers_Edit_and_an_old_one_is_still_refused_with_the_reason()
    {
        await using var alice = await TestUser.SignUpAsync(app);
        var roomId = "w-" + Guid.NewGuid().ToString("N")[..12];
        var room = Grains.GetRoom(roomId);
        await room.Create("Window " + roomId, RoomKind.Public, alice.UserName, []);
        await room.Post(alice.UserName, "Alice", "old news", "w1");
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        await room.Post(alice.UserName, "Alice", "fresh", "w2");

        var html = await alice.Http.GetStringAsync("/rooms/" + roomId);
        var asked = await alice.Http.GetStringAsync($"/rooms/{roomId}?edit=1");

        Assert.DoesNotContain("aria-label=\"Edit message\"", Item(html, 1));
        Assert.Contains("aria-label=\"Delete message\"", Item(html, 1)); // deleting has no window
        Assert.Contains("aria-label=\"Edit message\"", Item(html, 2));
        Assert.DoesNotContain("name=\"newText\"", asked); // ?edit= on an old message opens no form

        var token = TestUser.AntiforgeryToken(html);
        using var refused = await alice.Http.PostAsync($"/rooms/{roomId}?handler=Edit", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["seq"] = "1", ["newText"] = "rewritten" }));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("A message can be edited only within", await refused.Content.ReadAsStringAsync());
        Assert.Equal("old news", (await room.GetLatest(alice.UserName, 2))[0].Text);
    }

    // The markup of message seq's list item.
    private static string Item(string html, long seq) =>
        ItemPattern().Matches(html).Select(m => m.Value).Single(v => v.Contains($"id=\"m-{seq}\"", StringComparison.Ordinal));

    [GeneratedRegex("<li class=\"message[^\"]*\" id=\"m-\\d+\".*?</li>", RegexOptions.Singleline)]
    private static partial Regex ItemPattern();

    /// <summary>A server with a two-second edit window.</summary>
    public sealed class ShortEditWindowApp() : AppFixture(new Dictionary<string, string>
    {
        ["Chapp:Rooms:EditWindow"] = "00:00:02",
    });
}
