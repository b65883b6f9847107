using Chapp.Silo.Streams;
using Microsoft.Extensions.DependencyInjection;
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

    [Fact]
    public async Task Room_streams_have_an_audience_beyond_a_silo_exactly_while_another_silo_is_in_its_cluster()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var clusterId = "audience-" + Guid.NewGuid().ToString("N")[..8];
        await using var first = await ChappSiloHost.StartPostgresAsync(database.ConnectionString, clusterId);
        var audience = AudienceOf(first);
        Assert.False(audience.BeyondThisProcess);

        var second = await ChappSiloHost.StartPostgresAsync(database.ConnectionString, clusterId);
        try
        {
            // The joining silo read the table before it could host a grain: it sees the first at once.
            Assert.True(AudienceOf(second).BeyondThisProcess);
            await WaitUntil(() => audience.BeyondThisProcess, "the first silo to see the second");
        }
        finally
        {
            await second.DisposeAsync();
        }

        await WaitUntil(() => !audience.BeyondThisProcess, "the first silo to see the second gone");
    }

    private static MembershipStreamAudience AudienceOf(ChappSiloHost host) => new(
        host.Services.GetRequiredService<IClusterMembershipService>(), host.Services.GetRequiredService<ILocalSiloDetails>());

    private static async Task WaitUntil(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Waited 30 s for {what}.");
            await Task.Delay(100);
        }
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
