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

    [Fact]
    public async Task A_retry_after_a_restart_is_recognised_on_sqlite()
    {
        using var file = new TempSqliteFile();
        await RetryAfterRestart(() => ChappSiloHost.StartSqliteAsync(file.Path));
    }

    [Fact]
    public async Task A_retry_after_a_restart_is_recognised_on_postgresql()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var clusterId = "retry-" + Guid.NewGuid().ToString("N")[..8];
        await RetryAfterRestart(() => ChappSiloHost.StartPostgresAsync(database.ConnectionString, clusterId));
    }

    // More messages than a room keeps in memory, so the retry can only be recognised from the log.
    private static async Task RetryAfterRestart(Func<Task<ChappSiloHost>> startHost)
    {
        ChatMessage original;
        await using (var first = await startHost())
        {
            var room = first.Grains.GetRoom(ChappNames.LobbyRoomId);
            original = await room.Post("hank", "Hank", "sent just before the connection dropped", "dropped-1");
            await Task.WhenAll(Enumerable.Range(0, 250).Select(i => room.Post("ivy", "Ivy", $"later {i}", $"l{i}")));
        }

        await using var second = await startHost();
        var lobby = second.Grains.GetRoom(ChappNames.LobbyRoomId);
        var retried = await Task.WhenAll(
            lobby.Post("hank", "Hank", "sent just before the connection dropped", "dropped-1"),
            lobby.Post("hank", "Hank", "sent just before the connection dropped", "dropped-1"),
            lobby.Post("hank", "Hank", "a new one", "new-1"));

        Assert.Equal(original, retried[0]);
        Assert.Equal(original, retried[1]);
        Assert.Equal(252, retried[2].Seq);
    }

    private static async Task PostThenRestartAndReadBack(Func<Task<ChappSiloHost>> startHost)
    {
        IReadOnlyList<ChatMessage> posted;
        await using (var first = await startHost())
        {
            Assert.True(await first.Grains.GetUser("carol").Register(UserGrainTests.NewAccount("carol")));
            await first.Grains.GetRoom("books").Create("Books", RoomKind.Public, "carol", []);
            await first.Grains.GetUser("carol").JoinRoom("books");
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
