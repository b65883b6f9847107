using System.Net;
using Chapp.Grains;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Chapp.Web.Tests;

/// <summary>
/// The room page's forms that change messages without script (<c>POST /rooms/{id}?handler=Edit|Delete|React</c>),
/// attacked over HTTP with real cookies and antiforgery tokens: every refusal is said plainly and stores nothing.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class MessageFormTests(AppFixture app)
{
    private IGrainFactory Grains => app.Services.GetRequiredService<IGrainFactory>();

    [Fact]
    public async Task Mallory_cannot_edit_or_delete_Alices_message_with_forged_form_values()
    {
        var (roomId, alice, message) = await RoomWithAlicesMessage();
        await using var _ = alice;
        await using var mallory = await TestUser.SignUpAsync(app);
        var token = await Token(mallory, roomId);

        var edit = await Post(mallory, roomId, "Edit", token, ("seq", "1"), ("newText", "pwned"));
        var delete = await Post(mallory, roomId, "Delete", token, ("seq", "1"));
        var react = await Post(mallory, roomId, "React", token, ("seq", "1"), ("add", "not an emoji"));

        Assert.Equal((HttpStatusCode.BadRequest, true), (edit.Status, edit.Html.Contains("You can only edit your own messages.")));
        Assert.Equal((HttpStatusCode.BadRequest, true), (delete.Status, delete.Html.Contains("You can only delete your own messages.")));
        Assert.Equal(HttpStatusCode.BadRequest, react.Status);
        Assert.Contains("role=\"alert\"", edit.Html);
        await AssertUnchanged(roomId, message);
    }

    [Fact]
    public async Task Posts_without_a_valid_token_for_a_missing_message_or_too_long_change_nothing()
    {
        var (roomId, alice, message) = await RoomWithAlicesMessage();
        await using var _ = alice;
        var token = await Token(alice, roomId);

        var noToken = await Post(alice, roomId, "Delete", token: null, ("seq", "1"));
        var forgedToken = await Post(alice, roomId, "Delete", token: "CfDJ8forged", ("seq", "1"));
        var missing = await Post(alice, roomId, "Delete", token, ("seq", "999"));
        var notANumber = await Post(alice, roomId, "Edit", token, ("seq", "one"), ("newText", "x"));
        var tooLong = await Post(alice, roomId, "Edit", token, ("seq", "1"), ("newText", new string('a', ChatRules.MaxTextLength + 1)));
        var badRoom = await Post(alice, "no-such-room-here", "Delete", token, ("seq", "1"));

        Assert.Equal(HttpStatusCode.BadRequest, noToken.Status);
        Assert.Contains("The form was out of date or incomplete", noToken.Html);
        Assert.Equal(HttpStatusCode.BadRequest, forgedToken.Status);
        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
        Assert.Contains("id=\"action-reason\" class=\"reason\" role=\"alert\">There is no message 999 in this room.", missing.Html);
        Assert.Equal(HttpStatusCode.BadRequest, notANumber.Status);
        Assert.Contains("There is no message 0 in this room.", notANumber.Html);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.Status);
        Assert.Contains($"A message can be at most {ChatRules.MaxTextLength} characters long", tooLong.Html);
        Assert.Contains("aria-label=\"Edit message\">aaaa", tooLong.Html); // the form is back with what was typed
        Assert.Equal(HttpStatusCode.NotFound, badRoom.Status);
        await AssertUnchanged(roomId, message);
    }

    [Fact]
    public async Task A_private_room_is_not_there_for_an_outsider_and_nothing_in_it_changes()
    {
        await using var alice = await TestUser.SignUpAsync(app);
        await using var bob = await TestUser.SignUpAsync(app);
        await using var mallory = await TestUser.SignUpAsync(app);
        var roomId = DirectRooms.RoomId(alice.UserName, bob.UserName);
        var room = Grains.GetRoom(roomId);
        await room.Create("private", RoomKind.Private, alice.UserName, [bob.UserName]);
        var message = await room.Post(alice.UserName, "Alice", "between us", "p1");
        var token = TestUser.AntiforgeryToken(await mallory.Http.GetStringAsync("/"));

        var delete = await Post(mallory, roomId, "Delete", token, ("seq", "1"));
        var react = await Post(mallory, roomId, "React", token, ("seq", "1"), ("add", "👍"));

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (delete.Status, react.Status));
        Assert.DoesNotContain("between us", delete.Html);
        var stored = Assert.Single(await room.GetLatest(alice.UserName, 10));
        Assert.Equal((message.Text, false, (IReadOnlyList<MessageReaction>?)null), (stored.Text, stored.Deleted, stored.Reactions));
    }

    [Fact]
    public async Task The_forms_share_the_hubs_limit_on_changing_messages()
    {
        var (roomId, alice, message) = await RoomWithAlicesMessage();
        await using var _ = alice;
        var token = await UseUpChangeLimit(alice, roomId, message);

        var refused = await Post(alice, roomId, "Edit", token, ("seq", "1"), ("newText", "too fast"));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Contains(Security.UserActionLimiter.Refusal(Security.LimitedAction.ChangeMessage), refused.Html);
        Assert.Equal("hello", (await Grains.GetRoom(roomId).GetLatest(alice.UserName, 1))[0].Text);
    }

    [Fact]
    public async Task A_flood_of_change_forms_past_the_limit_is_refused_before_any_room_is_looked_at()
    {
        var (roomId, alice, message) = await RoomWithAlicesMessage();
        await using var _ = alice;
        var token = await UseUpChangeLimit(alice, roomId, message);

        // The flood goes at rooms nobody made: looking one up would wake its grain.
        var targets = Enumerable.Range(0, 12).Select(_ => "f-" + Guid.NewGuid().ToString("N")[..12]).ToArray();
        var handlers = new[] { "Edit", "Delete", "React" };
        var refused = new List<(HttpStatusCode Status, string Html)>();
        for (var i = 0; i < targets.Length; i++)
        {
            refused.Add(await Post(alice, targets[i], handlers[i % 3], token, ("seq", "1"), ("newText", "x"), ("add", "👍")));
        }

        Assert.All(refused, r => Assert.Equal(
            (HttpStatusCode.TooManyRequests, Security.UserActionLimiter.Refusal(Security.LimitedAction.ChangeMessage)), (r.Status, r.Html)));
        var management = Grains.GetGrain<IManagementGrain>(0);
        var active = await management.GetActiveGrains(Grains.GetRoom(roomId).GetGrainId().Type);
        Assert.Contains(Grains.GetRoom(roomId).GetGrainId(), active); // the count is real: Alice's room is awake
        Assert.Empty(targets.Select(t => Grains.GetRoom(t).GetGrainId()).Intersect(active));
    }

    // Alice spends her whole budget for changing messages through the hub; returns the room page's form token.
    private async Task<string> UseUpChangeLimit(TestUser alice, string roomId, ChatMessage message)
    {
        var (connection, _) = await alice.ConnectToRoomAsync(roomId);
        var token = await Token(alice, roomId);
        for (var i = 0; i < new Chat.ChappLimits().ChangeMessagePerMinute; i++)
        {
            await connection.InvokeAsync<ChatMessage>("React", roomId, message.Seq, "👍", i % 2 == 0);
        }

        return token;
    }

    [Fact]
    public async Task A_change_redirects_back_to_the_message_on_the_page_it_came_from()
    {
        var (roomId, alice, _) = await RoomWithAlicesMessage();
        await using var __ = alice;
        var token = await Token(alice, roomId);
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = alice.Cookies, AllowAutoRedirect = false })
        {
            BaseAddress = app.BaseAddress,
        };

        using var response = await client.PostAsync($"/rooms/{roomId}?handler=Edit", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["seq"] = "1", ["at"] = "1", ["newText"] = "hello, edited" }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/rooms/{roomId}?at=1#m-1", response.Headers.Location!.OriginalString);
        Assert.Equal("hello, edited", (await Grains.GetRoom(roomId).GetLatest(alice.UserName, 1))[0].Text);
    }

    private async Task<(string RoomId, TestUser Alice, ChatMessage Message)> RoomWithAlicesMessage()
    {
        var alice = await TestUser.SignUpAsync(app);
        var roomId = "f-" + Guid.NewGuid().ToString("N")[..12];
        await Grains.GetRoom(roomId).Create("Forms " + roomId, RoomKind.Public, alice.UserName, []);
        var message = await Grains.GetRoom(roomId).Post(alice.UserName, "Alice", "hello", "h1");
        return (roomId, alice, message);
    }

    private static async Task<string> Token(TestUser user, string roomId) =>
        TestUser.AntiforgeryToken(await user.Http.GetStringAsync("/rooms/" + roomId));

    private static async Task<(HttpStatusCode Status, string Html)> Post(TestUser user, string roomId, string handler, string? token,
        params (string Name, string Value)[] fields)
    {
        var form = fields.ToDictionary(f => f.Name, f => f.Value);
        if (token is not null)
        {
            form["__RequestVerificationToken"] = token;
        }

        using var response = await user.Http.PostAsync($"/rooms/{roomId}?handler={handler}", new FormUrlEncodedContent(form));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    // The message is as it was, and the room's log holds nothing after it (no event stored).
    private async Task AssertUnchanged(string roomId, ChatMessage message)
    {
        var room = Grains.GetRoom(roomId);
        var stored = Assert.Single(await room.GetLatest(message.Author, 10));
        Assert.Equal((message.Text, false, (DateTimeOffset?)null, (IReadOnlyList<MessageReaction>?)null, message.Seq),
            (stored.Text, stored.Deleted, stored.EditedAt, stored.Reactions, stored.ChangedSeq));
        Assert.Equal(message.Seq, (await room.GetInfo())!.LastSeq);
    }
}
