using System.Diagnostics;
using Chapp.Grains;
using Chapp.Grains.Tests;
using Xunit.Abstractions;

namespace Chapp.Web.Tests.Cluster;

/// <summary>
/// Failover drills on real processes: two Chapp silos on one PostgreSQL database, and the silo hosting the chat's
/// room is killed with SIGKILL while its users keep typing on the other.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class FailoverTests(ITestOutputHelper output)
{
    private const string Room = ChappNames.LobbyRoomId;

    [Fact]
    public async Task Killing_the_silo_that_hosts_the_room_leaves_chat_working_on_the_other_with_every_message_once_in_order()
    {
        for (var run = 1; run <= ChatDrill.Runs; run++)
        {
            await KillDrill(run);
        }
    }

    private async Task KillDrill(int run)
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var clusterId = "drill-" + Guid.NewGuid().ToString("N")[..8];
        // One after the other: the first creates the schema in the empty database.
        await using var first = await ClusterNode.StartAsync(database.ConnectionString, clusterId);
        await using var second = await ClusterNode.StartAsync(database.ConnectionString, clusterId);

        // A first message activates the room's grain on one of the silos; the management grain says which.
        var alice = await TestUser.SignUpAsync(first.BaseAddress);
        var bob = await TestUser.SignUpAsync(first.BaseAddress);
        var (opener, _) = await alice.ConnectToRoomAsync(Room);
        await TestUser.SendAsync(opener, Room, "before the drill");
        await opener.DisposeAsync();
        var hostPort = int.Parse(await alice.Http.GetStringAsync($"/testing/rooms/{Room}/silo-port"), System.Globalization.CultureInfo.InvariantCulture);
        var (host, survivor) = hostPort == first.SiloPort ? (first, second) : (second, first);
        Assert.Equal(hostPort, host.SiloPort);

        // A person in a real browser on the survivor too, typing every half second across the kill.
        await using var browser = await DrillBrowser.OpenAsync(survivor.BaseAddress, Room);
        var clock = Stopwatch.StartNew();
        // Signed up on the first node: their cookies work on the survivor, whose keys come from the same database.
        await using var aliceClient = await DrillClient.ConnectAsync(alice, survivor.BaseAddress, Room, clock);
        await using var bobClient = await DrillClient.ConnectAsync(bob, survivor.BaseAddress, Room, clock);
        var result = await ChatDrill.RunAsync([aliceClient, bobClient], clock, Room, database.ConnectionString,
            () => host.KillAsync(), before: TimeSpan.FromSeconds(2), after: TimeSpan.FromSeconds(12),
            alongside: stop => browser.TypeUntilAsync(stop, TimeSpan.FromMilliseconds(500)));

        output.WriteLine(result.Figures($"kill-host run {run}"));
        output.WriteLine($"killed silo {host.SiloPort}, survivor {survivor.SiloPort}; survivor's log:\n{survivor.Output}");
        result.Record("kill-host");
        Assert.True(result.Problems().Count == 0, string.Join('\n', result.Problems()) + "\n" + survivor.Output);
        Assert.True(result.SendsResumedAfter < TimeSpan.FromSeconds(10), result.Figures("kill-host") + "\n" + survivor.Output);
        Assert.True(result.LiveResumedAfter is not null, "Live delivery never resumed.\n" + survivor.Output);
        // Steady again: everything sent in the drill's last two seconds reached both users live, not by gap filling.
        var notLive = result.NotLiveAtTheEnd(TimeSpan.FromSeconds(2));
        Assert.True(notLive.Count == 0, string.Join('\n', notLive));
        var browserProblems = await browser.ProblemsAsync(result.Log);
        Assert.True(browserProblems.Count == 0, string.Join('\n', browserProblems));
        output.WriteLine($"the browser typed {browser.Typed.Count} messages");
        Assert.False(survivor.HasExited);
    }
}
