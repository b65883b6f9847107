using Orleans.Runtime;

namespace Chapp.Grains.Tests;

/// <summary>
/// Read positions across a deactivation of every grain. On the shared cluster again: the deaf subscriptions that
/// followed a silo-wide deactivation here (MentionTests failing about one run in four) were a queue-cache fault, fixed
/// in <c>StreamQueueCache</c> and guarded by <c>DeactivationDeliveryTests</c>.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ReadPositionDeactivationTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Cluster.GrainFactory;

    [Fact]
    public async Task Unread_is_what_came_after_the_read_position_which_only_grows_and_survives_a_deactivation()
    {
        var bob = await InboxTests.NewUserAsync(Grains, "bob");
        var room = await fixture.NewPublicRoomAsync();
        await InboxTests.PostAsync(Grains, room, "alice", "before bob came 1", "before bob came 2");
        await Grains.GetUser(bob).JoinRoom(room);
        await InboxTests.PostAsync(Grains, room, "alice", "three", "four", "five");
        var inbox = Grains.GetUserInbox(bob);

        var entry = Assert.Single((await inbox.GetInbox()).Rooms);
        Assert.Equal((5L, 2L), (entry.LastSeq, entry.ReadSeq)); // history from before joining counts as read

        Assert.Equal(4, (await inbox.MarkRead(room, 4))!.ReadSeq);
        Assert.Equal(4, (await inbox.MarkRead(room, 3))!.ReadSeq);   // a late tab cannot move it back
        Assert.Equal(5, (await inbox.MarkRead(room, 9999))!.ReadSeq); // nor past what exists
        var eventsBefore = (await inbox.GetInbox()).Seq;
        await inbox.MarkRead(room, 5);
        Assert.Equal(eventsBefore, (await inbox.GetInbox()).Seq); // nothing moved: no event

        await Assert.ThrowsAsync<ChatException>(() => inbox.MarkRead(room, -1));
        await Assert.ThrowsAsync<ChatException>(() => inbox.MarkRead("Not A Room!", 1));
        Assert.Null(await inbox.MarkRead(await fixture.NewPublicRoomAsync(), 1)); // not in the list: nothing stored

        await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        entry = Assert.Single((await inbox.GetInbox()).Rooms);
        Assert.Equal((5L, 5L), (entry.LastSeq, entry.ReadSeq));
        Assert.Equal(eventsBefore, (await inbox.GetInbox()).Seq);
    }
}
