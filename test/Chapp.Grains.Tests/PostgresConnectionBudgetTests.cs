using System.Diagnostics;
using System.Globalization;
using Chapp.Silo;
using Xunit.Abstractions;

namespace Chapp.Grains.Tests;

/// <summary>
/// A process holds at most its connection budget (<c>Chapp:PostgresMaxConnections</c>) on PostgreSQL, however many
/// rooms write at once, and what is over the budget waits for a connection rather than fails. Found by the many
/// small rooms run: 2,000 rooms of one silo stopping together exhausted the server's <c>max_connections</c>
/// ("53300: sorry, too many clients already"), failing room state and stream PubSub writes.
/// </summary>
public sealed class PostgresConnectionBudgetTests(ITestOutputHelper output)
{
    private const int Budget = 6;
    private const int Rooms = 300;

    [Fact]
    public async Task Hundreds_of_rooms_created_posted_to_and_stopped_together_stay_within_the_budget_and_keep_every_write()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var clusterId = "budget-" + Guid.NewGuid().ToString("N")[..8];
        var roomIds = Enumerable.Range(0, Rooms).Select(i => "budget-" + i.ToString("D4", CultureInfo.InvariantCulture)).ToArray();
        var settings = new Dictionary<string, string?> { ["Chapp:PostgresMaxConnections"] = Budget.ToString(CultureInfo.InvariantCulture) };

        await using var sampler = ConnectionSampler.Start(database.Name);
        ChatMessage[] posted;
        var stopping = new Stopwatch();
        var silo = await ChappSiloHost.StartPostgresAsync(database.ConnectionString, clusterId, settings);
        await using (silo)
        {
            // All at once: every room reads and writes its state, commits a post, and its stream's first event
            // registers a producer in the stream's PubSub state.
            posted = await Task.WhenAll(roomIds.Select(async id =>
            {
                await silo.Grains.GetRoom(id).Create("Room " + id, RoomKind.Public, "alice", []);
                return await silo.Grains.GetRoom(id).Post("alice", "Alice", "hello " + id, "m-" + id);
            }));
            stopping.Start();
        }

        // Stopped: every room wrote its state at once, and every stream's producer unregistered from its PubSub.
        stopping.Stop();
        var peak = await sampler.StopAsync();
        output.WriteLine($"peak {peak.Total} connections ({string.Join(", ", peak.ByName.Select(p => $"{p.Key} {p.Value}"))}), " +
            $"{peak.Samples} samples; stop took {stopping.Elapsed.TotalSeconds:F1} s");
        Assert.InRange(peak.Total, 1, Budget);
        output.WriteLine((string?)await database.ScalarAsync(
            "SELECT string_agg(grain_type || ' v' || version || ': ' || n, ', ') FROM (SELECT grain_type, version, count(*) n " +
            "FROM orleans_grain_state WHERE grain_id_ext LIKE '%budget-%' GROUP BY 1, 2) t"));

        // Each room's state was written twice: when it was created, and at the stop (where it continues numbering).
        Assert.Equal((long)Rooms, await database.ScalarAsync(
            "SELECT count(*) FROM orleans_grain_state WHERE grain_id_ext LIKE '%budget-%' AND version = 2 AND grain_type = 'room'"));

        await using var restarted = await ChappSiloHost.StartPostgresAsync(database.ConnectionString, clusterId, settings);
        var read = await Task.WhenAll(roomIds.Select(async id =>
            (Info: await restarted.Grains.GetRoom(id).GetInfo(), Latest: await restarted.Grains.GetRoom(id).GetLatest("bob", 10))));
        for (var i = 0; i < Rooms; i++)
        {
            Assert.Equal("Room " + roomIds[i], read[i].Info?.Name);
            Assert.Equal(posted[i], Assert.Single(read[i].Latest));
        }
    }

    [Fact]
    public void The_budget_is_split_between_the_two_pools_and_each_is_named()
    {
        var database = new ChappDatabase(DatabaseKind.PostgreSql, "Host=db;Database=chapp;Username=u;Password=p", 20);
        var storage = new Npgsql.NpgsqlConnectionStringBuilder(database.StorageConnectionString);
        var log = new Npgsql.NpgsqlConnectionStringBuilder(database.LogConnectionString);

        Assert.Equal(20, storage.MaxPoolSize + log.MaxPoolSize);
        Assert.Equal((12, 8), (storage.MaxPoolSize, log.MaxPoolSize));
        Assert.Equal(("chapp-storage", "chapp-log"), (storage.ApplicationName, log.ApplicationName));
        Assert.Equal(("db", "chapp", "u", "p"), (storage.Host, storage.Database, storage.Username, storage.Password));
    }

    [Theory]
    [InlineData("Maximum Pool Size=7")]
    [InlineData("MaxPoolSize=7")]
    [InlineData("maximum pool size=7")]
    public void A_pool_size_in_the_connection_string_is_obeyed(string setting)
    {
        var database = new ChappDatabase(DatabaseKind.PostgreSql, "Host=db;Database=chapp;Application Name=mine;" + setting, 20);
        var storage = new Npgsql.NpgsqlConnectionStringBuilder(database.StorageConnectionString);
        var log = new Npgsql.NpgsqlConnectionStringBuilder(database.LogConnectionString);

        Assert.Equal((7, 7), (storage.MaxPoolSize, log.MaxPoolSize));
        Assert.Equal(("mine", "mine"), (storage.ApplicationName, log.ApplicationName));
    }

    [Fact]
    public void The_smallest_budget_gives_each_pool_one_connection()
    {
        var database = new ChappDatabase(DatabaseKind.PostgreSql, "Host=db;Minimum Pool Size=5", PostgresConnectionBudget.MinConnections);
        var storage = new Npgsql.NpgsqlConnectionStringBuilder(database.StorageConnectionString);
        var log = new Npgsql.NpgsqlConnectionStringBuilder(database.LogConnectionString);

        Assert.Equal((1, 1), (storage.MaxPoolSize, log.MaxPoolSize));
        Assert.Equal((1, 1), (storage.MinPoolSize, log.MinPoolSize));
    }
}
