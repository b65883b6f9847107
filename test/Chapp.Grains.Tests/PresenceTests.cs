using System.Diagnostics;

namespace Chapp.Grains.Tests;

/// <summary>Room presence: the union of the web processes' reports, published on change, expiring when not refreshed.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PresenceTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Cluster.GrainFactory;

    private static string NewRoomId() => "p-" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task Two_processes_reports_are_united_and_published()
    {
        var roomId = NewRoomId();
        await using var probe = await StreamProbe<RoomPresence>.SubscribeToSideAsync(fixture.Cluster.Client, roomId);
        var presence = Grains.GetRoomPresence(roomId);

        await presence.Report("web-1", ["carol", "alice"]);
        await presence.Report("web-2", ["bob", "alice"]);

        Assert.Equal(["alice", "bob", "carol"], await presence.Get());
        Assert.Equal(roomId, (await WaitForPresence(probe, "alice", "carol")).RoomId);
        Assert.Equal(roomId, (await WaitForPresence(probe, "alice", "bob", "carol")).RoomId);
    }

    [Fact]
    public async Task An_empty_report_removes_that_process_users_only()
    {
        var roomId = NewRoomId();
        await using var probe = await StreamProbe<RoomPresence>.SubscribeToSideAsync(fixture.Cluster.Client, roomId);
        var presence = Grains.GetRoomPresence(roomId);
        await presence.Report("web-1", ["alice", "bob"]);
        await presence.Report("web-2", ["bob", "dave"]);

        await presence.Report("web-1", []);

        Assert.Equal(["bob", "dave"], await presence.Get());
        await WaitForPresence(probe, "bob", "dave");

        await presence.Report("web-2", []);

        Assert.Empty(await presence.Get());
        await WaitForPresence(probe);
    }

    [Fact]
    public async Task An_unchanged_union_publishes_nothing()
    {
        var roomId = NewRoomId();
        await using var probe = await StreamProbe<RoomPresence>.SubscribeToSideAsync(fixture.Cluster.Client, roomId);
        var presence = Grains.GetRoomPresence(roomId);

        await presence.Report("web-1", ["alice"]);
        await presence.Report("web-1", ["alice"]); // a periodic refresh
        await presence.Report("web-2", ["alice"]); // the same user through a second process

        await WaitForPresence(probe, "alice");
        await Task.Delay(300);
        Assert.Single(probe.Received);
    }

    [Fact]
    public async Task A_process_that_stops_reporting_expires_while_a_refreshed_one_stays()
    {
        var roomId = NewRoomId();
        await using var probe = await StreamProbe<RoomPresence>.SubscribeToSideAsync(fixture.Cluster.Client, roomId);
        var presence = Grains.GetRoomPresence(roomId);
        var expiry = ClusterFixture.PresenceExpiry;
        var started = Stopwatch.StartNew();
        await presence.Report("crashed", ["alice"]);
        await presence.Report("alive", ["bob"]);
        await WaitForPresence(probe, "alice", "bob");

        // "alive" refreshes three times per expiry window, as the web processes do; "crashed" never reports again.
        while (!(await presence.Get()).SequenceEqual(["bob"]))
        {
            Assert.True(started.Elapsed < expiry * 4, "The silent process's users did not expire.");
            await Task.Delay(expiry / 3);
            await presence.Report("alive", ["bob"]);
        }

        Assert.True(started.Elapsed >= expiry, $"Expired after {started.Elapsed}, before the {expiry} window.");
        await WaitForPresence(probe, "bob");
        // Refreshed for longer than the window, "alive" is still there.
        for (var i = 0; i < 5; i++)
        {
            await Task.Delay(expiry / 3);
            await presence.Report("alive", ["bob"]);
        }

        Assert.Equal(["bob"], await presence.Get());
    }

    private static Task<RoomPresence> WaitForPresence(StreamProbe<RoomPresence> probe, params string[] userNames) =>
        probe.WaitForAsync(p => p.UserNames.SequenceEqual(userNames), "[" + string.Join(", ", userNames) + "]");
}
