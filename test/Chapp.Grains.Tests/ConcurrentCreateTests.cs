namespace Chapp.Grains.Tests;

/// <summary>
/// Two people opening their conversation at the same moment, or a create form submitted twice: one room, every
/// caller gets it, and it is the room that was stored. On PostgreSQL, whose driver is truly asynchronous, so the
/// reentrant room grain really interleaves the calls (SQLite's driver completes a state write synchronously and
/// would hide a race).
/// </summary>
public sealed class ConcurrentCreateTests
{
    private const int Callers = 20;

    [Fact]
    public async Task Twenty_simultaneous_creates_of_a_conversation_and_of_a_public_room_make_one_room_each_and_all_succeed()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var clusterId = "create-" + Guid.NewGuid().ToString("N")[..8];
        var (alice, bob) = ("alice_" + Guid.NewGuid().ToString("N")[..8], "bob_" + Guid.NewGuid().ToString("N")[..8]);
        var dmId = DirectRooms.RoomId(alice, bob);
        var publicId = "c-" + Guid.NewGuid().ToString("N")[..12];

        RoomInfo[] conversations, rooms;
        await using (var silo = await ChappSiloHost.StartPostgresAsync(database.ConnectionString, clusterId))
        {
            var conversationCalls = Task.WhenAll(Enumerable.Range(0, Callers).Select(i => i % 2 == 0
                ? silo.Grains.GetRoom(dmId).Create(alice + " & " + bob, RoomKind.Private, alice, [bob])
                : silo.Grains.GetRoom(dmId).Create(bob + " & " + alice, RoomKind.Private, bob, [alice])));
            var roomCalls = Task.WhenAll(Enumerable.Range(0, Callers)
                .Select(i => silo.Grains.GetRoom(publicId).Create("Room " + i, RoomKind.Public, "user_" + i, [])));
            conversations = await conversationCalls;
            rooms = await roomCalls;

            Assert.Single(await silo.Grains.GetUser(alice).GetRooms(), r => r == dmId);
            Assert.Single(await silo.Grains.GetUser(bob).GetRooms(), r => r == dmId);
            Assert.Single(await silo.Grains.GetRoomDirectory().List(), r => r.Id == publicId);
        }

        // After a restart the rooms are read back from storage: what every caller was told is what was stored.
        await using var restarted = await ChappSiloHost.StartPostgresAsync(database.ConnectionString, clusterId);
        foreach (var (id, infos) in new[] { (dmId, conversations), (publicId, rooms) })
        {
            var stored = (await restarted.Grains.GetRoom(id).GetInfo())!;
            Assert.All(infos, info =>
            {
                Assert.Equal((stored.Id, stored.Name, stored.Kind, stored.CreatedBy, stored.CreatedAt),
                    (info.Id, info.Name, info.Kind, info.CreatedBy, info.CreatedAt));
                Assert.Equal(stored.Members, info.Members);
            });
        }

        Assert.Equal(RoomKind.Private, conversations[0].Kind);
        Assert.Equal(RoomKind.Public, rooms[0].Kind);
    }
}
