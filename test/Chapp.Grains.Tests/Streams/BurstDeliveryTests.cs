namespace Chapp.Grains.Tests.Streams;

/// <summary>
/// A burst of posts to many rooms at once, through the real silo and the stream provider's default queues: every
/// subscriber of every room gets every message once, in seq order. A burst is where a queue's read carries many
/// batches of many streams at once, the path a one-post-at-a-time test never takes.
/// </summary>
public sealed class BurstDeliveryTests
{
    private const int Rooms = 48;
    private const int PostsPerRoom = 25;

    [Fact]
    public async Task A_burst_to_many_rooms_reaches_every_rooms_subscriber_complete_once_and_in_order()
    {
        using var file = new TempSqliteFile();
        await using var host = await ChappSiloHost.StartSqliteAsync(file.Path);
        var rooms = new List<(string Id, StreamProbe<ChatMessage> Probe, long LiveSeq)>();
        try
        {
            for (var r = 0; r < Rooms; r++)
            {
                var id = "b-" + Guid.NewGuid().ToString("N")[..12];
                await host.Grains.GetRoom(id).Create("Burst " + r, RoomKind.Public, "alice", []);
                var probe = await StreamProbe<ChatMessage>.SubscribeAsync(host.Client, ChappNames.RoomStreamNamespace, id);
                var liveSeq = 0L;
                await probe.LiveAsync(async () =>
                {
                    var posted = await host.Grains.GetRoom(id).Post("alice", "Alice", $"live {liveSeq + 1}", $"live-{liveSeq + 1}");
                    liveSeq = posted.Seq;
                    return m => m.Seq == posted.Seq;
                });
                rooms.Add((id, probe, liveSeq));
            }

            // All at once: the rooms' commits and publishes overlap, so the queues fill faster than their agents read
            // and a read carries many batches of many streams.
            await Task.WhenAll(rooms.SelectMany(room => Enumerable.Range(1, PostsPerRoom).Select(n =>
                host.Grains.GetRoom(room.Id).Post("alice", "Alice", $"burst {n}", $"burst-{n}"))));

            foreach (var (id, probe, liveSeq) in rooms)
            {
                // The burst took seqs liveSeq + 1 to liveSeq + PostsPerRoom (nobody else posts here).
                await probe.WaitForAsync(m => m.Seq == liveSeq + PostsPerRoom, $"room {id}'s last burst message");
            }

            // Long enough for a duplicate or a straggler to show.
            await Task.Delay(TimeSpan.FromMilliseconds(200));
            foreach (var (id, probe, liveSeq) in rooms)
            {
                var burst = probe.Received.Where(m => m.Seq > liveSeq).ToList();
                Assert.True(
                    burst.Select(m => m.Seq).SequenceEqual(Enumerable.Range(1, PostsPerRoom).Select(i => liveSeq + i)),
                    $"room {id} (burst after seq {liveSeq}) received seqs {string.Join(", ", burst.Select(m => m.Seq))}");
                Assert.Equal(Enumerable.Range(1, PostsPerRoom).Select(n => $"burst {n}").Order(), burst.Select(m => m.Text).Order());
            }
        }
        finally
        {
            foreach (var (_, probe, _) in rooms)
            {
                await probe.DisposeAsync();
            }
        }
    }
}
