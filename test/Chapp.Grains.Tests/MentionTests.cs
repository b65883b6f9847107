namespace Chapp.Grains.Tests;

/// <summary>
/// Mentions as the named user sees them (their badge) and as an attacker tries to abuse them: naming someone in a room
/// they cannot read or have not joined, and flooding them.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class MentionTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Cluster.GrainFactory;

    [Fact]
    public async Task A_mention_in_a_joined_room_counts_on_the_badge_arrives_live_with_the_message_and_reading_clears_it()
    {
        var (alice, bob) = (await InboxTests.NewUserAsync(Grains, "alice"), await InboxTests.NewUserAsync(Grains, "bob"));
        var room = await fixture.NewPublicRoomAsync();
        await Grains.GetUser(bob).JoinRoom(room);
        await using var live = await StreamProbe<UserEvent>.SubscribeAsync(
            fixture.Cluster.Client, ChappNames.UserStreamNamespace, ChappGrainFactoryExtensions.Normalize(bob));
        // Bob joins and leaves another room until the probe hears it: then the mentions cannot slip past it.
        await live.LiveAsync(async () =>
        {
            var other = await fixture.NewPublicRoomAsync();
            await Grains.GetUser(bob).JoinRoom(other);
            await Grains.GetRoom(other).Leave(bob);
            return e => e.Kind == UserEventKinds.Left && e.RoomId == other;
        });

        await InboxTests.PostAsync(Grains, room, alice, "hello all", $"@{bob.ToUpperInvariant()} have a look.", $"and @{bob} again");

        var mention = await live.WaitForAsync(e => e.Kind == UserEventKinds.Mention && e.Entry!.Mentions == 2, "two mentions");
        Assert.Equal(room, mention.RoomId);
        Assert.Equal($"and @{bob} again", mention.Message!.Text);
        Assert.Equal(2, Assert.Single((await Grains.GetUserInbox(bob).GetInbox()).Rooms).Mentions);

        Assert.Equal(1, (await Grains.GetUserInbox(bob).MarkRead(room, 2))!.Mentions);
        Assert.Equal(0, (await Grains.GetUserInbox(bob).MarkRead(room, 3))!.Mentions);
    }

    [Fact]
    public async Task Naming_someone_in_a_room_they_cannot_read_or_did_not_join_counts_nothing()
    {
        var (mallory, carol, bob) = (
            await InboxTests.NewUserAsync(Grains, "mallory"), await InboxTests.NewUserAsync(Grains, "carol"), await InboxTests.NewUserAsync(Grains, "bob"));
        var joined = await fixture.NewPublicRoomAsync();
        var notJoined = await fixture.NewPublicRoomAsync();
        var theirs = DirectRooms.RoomId(mallory, carol);
        await Grains.GetRoom(theirs).Create("m & c", RoomKind.Private, mallory, [carol]);
        await Grains.GetUser(bob).JoinRoom(joined);

        await InboxTests.PostAsync(Grains, notJoined, mallory, $"@{bob} look here");
        await InboxTests.PostAsync(Grains, theirs, mallory, $"@{bob} secret");
        // Bob names himself, and Mallory forges nothing more than text: both count nothing.
        await InboxTests.PostAsync(Grains, joined, bob, $"note to self @{bob}");
        // A mention in the joined room, after the others: once it counted, the others had their turn.
        await InboxTests.PostAsync(Grains, joined, mallory, $"@{bob} hi");

        var inbox = await Eventually(() => Grains.GetUserInbox(bob).GetInbox(), i => i.Rooms.Sum(r => r.Mentions) >= 1);
        await Task.Delay(300);
        inbox = await Grains.GetUserInbox(bob).GetInbox();
        var only = Assert.Single(inbox.Rooms);
        Assert.Equal((joined, 1), (only.RoomId, only.Mentions));
        Assert.DoesNotContain(theirs, await Grains.GetUser(bob).GetRooms());
        Assert.DoesNotContain((await Grains.GetUserInbox(bob).GetEvents(0)).Events, e => e.RoomId != joined);
    }

    [Fact]
    public async Task A_flood_of_mentions_stops_counting_at_the_cap()
    {
        var (mallory, bob) = (await InboxTests.NewUserAsync(Grains, "mallory"), await InboxTests.NewUserAsync(Grains, "bob"));
        var room = await fixture.NewPublicRoomAsync();
        await Grains.GetUser(bob).JoinRoom(room);

        var flood = Enumerable.Range(1, UserGrain.MaxMentionsPerRoom + 15).Select(i => $"@{bob} #{i}").ToArray();
        await Task.WhenAll(flood.Select(text => Grains.GetRoom(room).Post(mallory, mallory, text, Guid.NewGuid().ToString("N"))));

        await Eventually(() => Grains.GetUserInbox(bob).GetInbox(), i => i.Rooms[0].Mentions >= UserGrain.MaxMentionsPerRoom);
        await Task.Delay(300);
        var inbox = await Grains.GetUserInbox(bob).GetInbox();
        Assert.Equal(UserGrain.MaxMentionsPerRoom, inbox.Rooms[0].Mentions);
        // Each counted mention is one event; the ones past the cap wrote nothing.
        Assert.Equal(1 + UserGrain.MaxMentionsPerRoom, inbox.Seq);
    }

    [Theory]
    [InlineData("@bob hi", "bob")]
    [InlineData("hi @bob.", "bob")]
    [InlineData("(@bob) and @carol_1, @BOB", "bob carol_1")]
    [InlineData("mail bob@example.com or @@bob", "")]
    [InlineData("@bo is too short, @x.y.z fits", "x.y.z")]
    public void A_mention_is_an_at_sign_and_a_user_name_standing_on_its_own(string text, string expected)
    {
        Assert.Equal(expected, string.Join(' ', Mentions.Find(text)));
    }

    [Fact]
    public void One_message_names_at_most_ten_people()
    {
        var text = string.Join(' ', Enumerable.Range(1, 30).Select(i => $"@user{i}"));
        Assert.Equal(Enumerable.Range(1, Mentions.MaxPerMessage).Select(i => $"user{i}"), Mentions.Find(text));
    }

    private static async Task<T> Eventually<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        for (;;)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(50);
        }
    }
}
