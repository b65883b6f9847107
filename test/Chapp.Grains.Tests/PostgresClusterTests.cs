using Orleans.Runtime;

namespace Chapp.Grains.Tests;

/// <summary>Two silos in one cluster through AdoNet clustering on PostgreSQL.</summary>
public sealed class PostgresClusterTests
{
    [Fact]
    public async Task A_message_posted_through_one_silo_reaches_a_subscriber_on_the_other()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var clusterId = "pair-" + Guid.NewGuid().ToString("N")[..8];
        await using var first = await ChappSiloHost.StartPostgresAsync(database.ConnectionString, clusterId);
        await using var second = await ChappSiloHost.StartPostgresAsync(database.ConnectionString, clusterId);
        await WaitForActiveSilos(first, 2);

        await using var probe = await StreamProbe<ChatMessage>.SubscribeAsync(second.Client, ChappNames.RoomStreamNamespace, ChappNames.LobbyRoomId);
        var posted = await first.Grains.GetRoom(ChappNames.LobbyRoomId).Post("frank", "Frank", "across silos", "x1");

        var received = await probe.WaitForAsync(1);
        Assert.Equal(posted, Assert.Single(received));
        Assert.Equal(posted, Assert.Single(await second.Grains.GetRoom(ChappNames.LobbyRoomId).GetLatest("gina", 10)));
        Assert.Equal(2L, await database.ScalarAsync(
            $"SELECT count(*) FROM orleans_cluster_silo WHERE deployment_id = '{clusterId}' AND status = 3"));
    }

    private static async Task WaitForActiveSilos(ChappSiloHost host, int count)
    {
        var management = host.Grains.GetGrain<IManagementGrain>(0);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await management.GetHosts(onlyActive: true)).Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The cluster did not reach {count} active silos in 30 s.");
            await Task.Delay(200);
        }
    }
}
