using System.Net;
using Chapp.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace Chapp.Web.Tests;

/// <summary>
/// Read positions over plain HTTP: the beacon a leaving page sends (<c>POST /rooms/{id}?handler=Read</c>), and a room
/// page opened without script marking the room read.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class ReadPositionHttpTests(AppFixture app)
{
    private IGrainFactory Grains => app.Services.GetRequiredService<IGrainFactory>();

    [Fact]
    public async Task The_read_beacon_stores_the_position_and_refuses_hostile_input_changing_nothing()
    {
        var (room, poster) = await BusyRoom(0);
        await using var _ = poster;
        await using var bob = await TestUser.SignUpAsync(app);
        await Grains.GetUser(bob.UserName).JoinRoom(room);
        await Send(poster, room, 3);
        await using var carol = await TestUser.SignUpAsync(app);
        var theirs = DirectRooms.RoomId(poster.UserName, carol.UserName);
        await Grains.GetRoom(theirs).Create("private", RoomKind.Private, poster.UserName, [carol.UserName]);
        var token = TestUser.AntiforgeryToken(await bob.Http.GetStringAsync("/"));

        Assert.Equal(HttpStatusCode.BadRequest, await Beacon(bob, room, "2", token: null));
        Assert.Equal(HttpStatusCode.BadRequest, await Beacon(bob, room, "2", token: "forged"));
        Assert.Equal(HttpStatusCode.BadRequest, await Beacon(bob, room, "-1", token));
        Assert.Equal(HttpStatusCode.BadRequest, await Beacon(bob, room, "two", token));
        Assert.Equal(HttpStatusCode.BadRequest, await Beacon(bob, "../admin", "2", token));
        Assert.Equal(HttpStatusCode.NotFound, await Beacon(bob, theirs, "1", token));
        Assert.Equal(0, await ReadSeq(bob, room));
        Assert.DoesNotContain((await Grains.GetUserInbox(bob.UserName).GetInbox()).Rooms, e => e.RoomId == theirs);

        Assert.Equal(HttpStatusCode.NoContent, await Beacon(bob, room, "2", token));
        Assert.Equal(2, await ReadSeq(bob, room));
        Assert.Equal(HttpStatusCode.NoContent, await Beacon(bob, room, "1", token)); // never back
        Assert.Equal(2, await ReadSeq(bob, room));
        Assert.Equal(HttpStatusCode.NoContent, await Beacon(bob, room, "99", token)); // never past the last message
        Assert.Equal(3, await ReadSeq(bob, room));
    }

    [Fact]
    public async Task Opening_a_room_without_script_marks_it_read_up_to_the_last_message_shown()
    {
        var (room, poster) = await BusyRoom(1);
        await using var _ = poster;
        await using var bob = await TestUser.SignUpAsync(app);
        await bob.Http.GetStringAsync("/rooms/" + room); // joins; what was said before counts as read
        await Send(poster, room, 2);
        var before = await ReadSeq(bob, room);

        var html = await bob.Http.GetStringAsync("/rooms/" + room);

        Assert.Equal(1, before);
        Assert.Contains("id=\"unread-divider\"", html); // this page still shows where the new messages start
        Assert.Equal(3, await ReadSeq(bob, room));
        var home = await bob.Http.GetStringAsync("/");
        Assert.DoesNotContain(" unread</span>", home);
        Assert.DoesNotContain("id=\"unread-divider\"", await bob.Http.GetStringAsync("/rooms/" + room));
    }

    [Fact]
    public async Task Opening_a_room_in_a_browser_that_runs_the_script_leaves_the_reading_to_the_script()
    {
        var (room, poster) = await BusyRoom(1);
        await using var _ = poster;
        await using var bob = await TestUser.SignUpAsync(app);
        await bob.Http.GetStringAsync("/rooms/" + room);
        await Send(poster, room, 2);
        bob.Cookies.Add(app.BaseAddress, new Cookie("chapp-script", "1"));

        var html = await bob.Http.GetStringAsync("/rooms/" + room);

        Assert.Contains("id=\"unread-divider\"", html);
        Assert.Equal(1, await ReadSeq(bob, room)); // a background tab opened with script is not read until seen
    }

    [Fact]
    public async Task New_messages_starts_at_someone_elses_message_never_at_your_own_or_a_deleted_one()
    {
        var (room, poster) = await BusyRoom(1);
        await using var _ = poster;
        await using var bob = await TestUser.SignUpAsync(app);
        await bob.Http.GetStringAsync("/rooms/" + room); // joins; message 1 counts as read
        var grain = Grains.GetRoom(room);
        await grain.Post(bob.UserName, "Bob", "mine, from another device", "b1");                  // 2: Bob's own
        var gone = await grain.Post(poster.UserName, poster.UserName, "oops", "p2");                // 3: deleted (4)
        await grain.Delete(poster.UserName, gone.Seq);
        await grain.Post(poster.UserName, poster.UserName, "the first new one", "p3");             // 5

        var html = await bob.Http.GetStringAsync("/rooms/" + room);

        var divider = html.IndexOf("id=\"unread-divider\"", StringComparison.Ordinal);
        Assert.True(divider > 0, "the page shows New messages");
        Assert.True(divider > html.IndexOf("id=\"m-3\"", StringComparison.Ordinal), "not above Bob's own or the deleted message");
        Assert.True(divider < html.IndexOf("id=\"m-5\"", StringComparison.Ordinal), "right above the first new message");
    }

    private async Task<(string Room, TestUser Poster)> BusyRoom(int messages)
    {
        var poster = await TestUser.SignUpAsync(app);
        var room = "r-" + Guid.NewGuid().ToString("N")[..12];
        await Grains.GetRoom(room).Create("Read " + room, RoomKind.Public, poster.UserName, []);
        await Send(poster, room, messages);
        return (room, poster);
    }

    private async Task Send(TestUser poster, string room, int messages)
    {
        for (var i = 0; i < messages; i++)
        {
            await Grains.GetRoom(room).Post(poster.UserName, poster.UserName, "message " + i, Guid.NewGuid().ToString("N"));
        }
    }

    private async Task<long> ReadSeq(TestUser user, string room) =>
        (await Grains.GetUserInbox(user.UserName).GetInbox()).Rooms.Single(e => e.RoomId == room).ReadSeq;

    private static async Task<HttpStatusCode> Beacon(TestUser user, string room, string seq, string? token)
    {
        var fields = new Dictionary<string, string> { ["seq"] = seq };
        if (token is not null)
        {
            fields["__RequestVerificationToken"] = token;
        }

        using var content = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }

        using var response = await user.Http.PostAsync($"/rooms/{Uri.EscapeDataString(room)}?handler=Read", content);
        return response.StatusCode;
    }
}
