namespace Chapp.Grains.Tests;

/// <summary>
/// Two people opening their conversation at the same moment, or a create form submitted twice: one room, and every
/// caller gets it. On PostgreSQL, whose driver is truly asynchronous, so the reentrant room grain really interleaves
/// the calls (SQLite's driver completes a state write synchronously and would hide a race).
/// </summary>
public sealed class ConcurrentCreateTests
{
    private const int Callers = 20;

    [Fact]
    public async Task Twenty_simultaneous_creates_of_a_conversation_and_of_a_public_room_make_one_room_each_and_all_succeed()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var silo = await ChappSiloHost.StartPostgresAsync(database.ConnectionString, "create-" + Guid.NewGuid().ToString("N")[..8]);
        var (alice, bob) = ("alice_" + Guid.NewGuid().ToString("N")[..8], "bob_" + Guid.NewGuid().ToString("N")[..8]);
        var dmId = DirectRooms.RoomId(alice, bob);
        var publicId = "c-" + Guid.NewGuid().ToString("N")[..12];

        var conversations = Task.WhenAll(Enumerable.Range(0, Callers).Select(i => i % 2 == 0
            ? silo.Grains.GetRoom(dmId).Create(alice + " & " + bob, RoomKind.Private, alice, [bob])
            : silo.Grains.GetRoom(dmId).Create(bob + " & " + alice, RoomKind.Private, bob, [alice])));
        var rooms = Task.WhenAll(Enumerable.Range(0, Callers)
            .Select(i => silo.Grains.GetRoom(publicId).Create("Room " + i, RoomKind.Public, "user_" + i, [])));

        foreach (var infos in new[] { await conversations, await rooms })
        {
            var first = infos[0];
            Assert.All(infos, info =>
            {
                Assert.Equal((first.Id, first.Name, first.Kind, first.CreatedBy, first.CreatedAt),
                    (info.Id, info.Name, info.Kind, info.CreatedBy, info.CreatedAt));
                Assert.Equal(first.Members, info.Members);
            });
        }

        Assert.Equal(RoomKind.Private, (await conversations)[0].Kind);
        // Written once: no caller overwrote another's room.
        foreach (var id in new[] { dmId, publicId })
        {
            Assert.Equal(1L, Convert.ToInt64(await database.ScalarAsync($"SELECT max(version) FROM orleans_grain_state WHERE grain_id_ext LIKE '%{id}'")));
        }

        Assert.Single(await silo.Grains.GetUser(alice).GetRooms(), r => r == dmId);
        Assert.Single(await silo.Grains.GetUser(bob).GetRooms(), r => r == dmId);
        Assert.Single(await silo.Grains.GetRoomDirectory().List(), r => r.Id == publicId);
    }
}
