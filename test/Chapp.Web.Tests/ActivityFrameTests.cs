using Chapp.Grains;
using Chapp.Web.Chat.Users;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Chapp.Web.Tests;

/// <summary>
/// What the sidebar of a room not open on a connection hears (<c>"activity"</c> frames): new messages and deleted ones,
/// each with its author, and nothing for an edit or a reaction, which are not new.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class ActivityFrameTests(AppFixture app)
{
    private IGrainFactory Grains => app.Services.GetRequiredService<IGrainFactory>();

    [Fact]
    public async Task Edits_and_reactions_bring_no_activity_new_and_deleted_messages_do_with_their_authors()
    {
        await using var alice = await TestUser.SignUpAsync(app);
        await using var bob = await TestUser.SignUpAsync(app);
        var roomId = "t-" + Guid.NewGuid().ToString("N")[..12];
        var room = Grains.GetRoom(roomId);
        await room.Create("Room " + roomId, RoomKind.Public, alice.UserName, []);
        using (var page = await bob.Http.GetAsync("/rooms/" + roomId))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode); // in Bob's list now
        }

        var connection = bob.NewHubConnection();
        var frames = InboxFrames.On(connection);
        await connection.StartAsync();
        await connection.InvokeAsync<Inbox>("OpenInbox");

        var first = await room.Post(alice.UserName, "Alice", "first", Guid.NewGuid().ToString("N"));
        await room.Edit(alice.UserName, first.Seq, "first, edited");
        await room.React(bob.UserName, first.Seq, "👍", true);
        await room.Delete(alice.UserName, first.Seq);
        await room.Post(bob.UserName, "Bob", "mine", Guid.NewGuid().ToString("N"));

        await frames.WaitForActivity(a => a.Seq == 5, "the activity of Bob's own message");
        // Changes that reach the feed together share a frame (the pump sends what queued up during a send as one), so
        // the frames are read as a whole: the two new messages and the deleted one, and no frame for the edit or
        // the reaction alone.
        Assert.Equal([new ActivityMessage(1, alice.UserName), new ActivityMessage(5, bob.UserName)], frames.Activity.SelectMany(a => a.Messages));
        Assert.Equal([new ActivityMessage(1, alice.UserName)], frames.Activity.SelectMany(a => a.Deleted));
        Assert.All(frames.Activity, a => Assert.NotEmpty(a.Messages.Concat(a.Deleted)));
    }
}
