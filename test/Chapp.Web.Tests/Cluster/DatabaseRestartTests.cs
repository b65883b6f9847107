using System.Diagnostics;
using Chapp.Grains;
using Xunit.Abstractions;

namespace Chapp.Web.Tests.Cluster;

/// <summary>PostgreSQL restarted under a chat: Chapp recovers by itself, and what was sent meanwhile is stored once.</summary>
[Collection(ProcessCollection.Name)]
public sealed class DatabaseRestartTests(ITestOutputHelper output)
{
    private const string Room = ChappNames.LobbyRoomId;
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Restarting_PostgreSQL_mid_chat_needs_no_manual_action_and_stores_what_was_sent_during_the_outage_once()
    {
        for (var run = 1; run <= ChatDrill.Runs; run++)
        {
            await RestartDrill(run);
        }
    }

    private async Task RestartDrill(int run)
    {
        await using var postgres = await PrivatePostgres.StartAsync();
        await using var node = await ClusterNode.StartAsync(postgres.ConnectionString, "pg-" + Guid.NewGuid().ToString("N")[..8]);
        var clock = Stopwatch.StartNew();
        await using var alice = await DrillClient.ConnectAsync(await TestUser.SignUpAsync(node.BaseAddress), node.BaseAddress, Room, clock);
        await using var bob = await DrillClient.ConnectAsync(await TestUser.SignUpAsync(node.BaseAddress), node.BaseAddress, Room, clock);

        Task? restart = null;
        var result = await ChatDrill.RunAsync([alice, bob], clock, Room, postgres.ConnectionString, async () =>
        {
            await postgres.StopServerAsync();
            restart = Task.Delay(Outage).ContinueWith(_ => postgres.StartServerAsync(), TaskScheduler.Default).Unwrap();
        }, before: TimeSpan.FromSeconds(2), after: Outage + TimeSpan.FromSeconds(9));
        await restart!;

        output.WriteLine(result.Figures($"postgres-restart run {run}"));
        result.Record("postgres-restart");
        Assert.True(result.Problems().Count == 0, string.Join('\n', result.Problems()) + "\n" + node.Output);
        Assert.True(result.SendsResumedAfter < Outage + TimeSpan.FromSeconds(10), result.Figures("postgres-restart") + "\n" + node.Output);
        Assert.True(result.AckedAfterFault > 0);
        var notLive = result.NotLiveAtTheEnd(TimeSpan.FromSeconds(2));
        Assert.True(notLive.Count == 0, string.Join('\n', notLive) + "\n" + node.Output);
        Assert.False(node.HasExited);
    }
}
