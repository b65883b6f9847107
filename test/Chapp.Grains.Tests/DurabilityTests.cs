namespace Chapp.Grains.Tests;

/// <summary>Everything posted and every account survive a restart of the host, on SQLite and on PostgreSQL.</summary>
public sealed class DurabilityTests
{
    [Fact]
    public async Task History_and_accounts_survive_a_restart_on_sqlite()
    {
        using var file = new TempSqliteFile();
        await PostThenRestartAndReadBack(() => ChappSiloHost.StartSqliteAsync(file.Path));
    }

    [Fact]
    public async Task History_and_accounts_survive_a_restart_on_postgresql()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var clusterId = "durability-" + Guid.NewGuid().ToString("N")[..8];
        await PostThenRestartAndReadBack(() => ChappSiloHost.StartPostgresAsync(database.ConnectionString, clusterId));
    }

    private static async Task PostThenRestartAndReadBack(Func<Task<ChappSiloHost>> startHost)
    {
        IReadOnlyList<ChatMessage> posted;
        await using (var first = await startHost())
        {
            Assert.True(await first.Grains.GetUser("carol").Register(UserGrainTests.NewAccount("carol")));
            await first.Grains.GetUser("carol").JoinRoom("books");
            await first.Grains.GetRoom("books").Create("Books", RoomKind.Public, "carol", []);
            var room = first.Grains.GetRoom("books");
            var list = new List<ChatMessage>();
            for (var i = 1; i <= 5; i++)
            {
                list.Add(await room.Post("carol", "Carol", $"chapter {i}", $"c{i}"));
            }

            posted = list;
        }

        await using var second = await startHost();
        var reopened = second.Grains.GetRoom("books");

        Assert.Equal(posted, await reopened.GetLatest("dave", 50));
        var info = await reopened.GetInfo();
        Assert.Equal("Books", info!.Name);
        Assert.Equal(5, info.LastSeq);
        Assert.Equal(6, (await reopened.Post("carol", "Carol", "epilogue", "c6")).Seq);
        Assert.Equal(posted[2], await reopened.Post("carol", "Carol", "chapter 3", "c3"));

        var account = await second.Grains.GetUser("CAROL").GetAccount();
        Assert.Equal(UserGrainTests.NewAccount("carol") with { CreatedAt = account!.CreatedAt, DisplayName = "carol" }, account);
        Assert.Equal(["books"], await second.Grains.GetUser("carol").GetRooms());
        Assert.Contains(await second.Grains.GetRoomDirectory().List(), r => r.Id == "books");
    }
}
