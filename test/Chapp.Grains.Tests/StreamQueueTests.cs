using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Providers;
using Orleans.Providers.Streams.Common;
using Orleans.Runtime;
using Orleans.Streams;

namespace Chapp.Grains.Tests;

/// <summary>
/// The stream provider delivers without polling: a published message wakes the pulling agent at once, and an idle
/// silo's agents wait in their queues instead of asking every few milliseconds.
/// </summary>
public sealed class StreamQueueTests
{
    [Fact]
    public async Task A_message_is_delivered_at_once_although_the_agents_timer_ticks_only_every_2_s()
    {
        using var file = new TempSqliteFile();
        await using var host = await ChappSiloHost.StartSqliteAsync(file.Path, new Dictionary<string, string?>
        {
            // Were delivery driven by the agent's timer, each message would wait 1 s on average.
            ["Chapp:Streams:PumpRestartPeriod"] = "00:00:02",
        });
        var room = await NewRoomAsync(host);
        await using var probe = await StreamProbe<ChatMessage>.SubscribeAsync(host.Client, ChappNames.RoomStreamNamespace, room);
        // The first message makes the agent register the stream with PubSub, and the agent stops its read loop
        // while it does; its timer restarts the loop at the next tick. Not what this test times.
        await host.Grains.GetRoom(room).Post("alice", "Alice", "warm-up", "w1");
        Assert.Single(await probe.WaitForAsync(1, TimeSpan.FromSeconds(20)));
        await Task.Delay(TimeSpan.FromSeconds(2.5));

        var delays = new List<TimeSpan>();
        for (var i = 1; i <= 20; i++)
        {
            var clock = Stopwatch.StartNew();
            await host.Grains.GetRoom(room).Post("alice", "Alice", $"m{i}", $"c{i}");
            var received = await probe.WaitForAsync(i + 1, TimeSpan.FromSeconds(10));
            delays.Add(clock.Elapsed);
            Assert.Equal(i + 1, received.Count);
        }

        // Generous for a loaded 2-core machine (measured ~1-2 ms), and 2x under what a 2 s poll would average.
        Assert.All(delays, d => Assert.True(d < TimeSpan.FromMilliseconds(500), $"delays: {string.Join(", ", delays.Select(x => x.TotalMilliseconds))}"));
        Assert.Equal(Enumerable.Range(1, 21).Select(n => (long)n), probe.Received.Select(m => m.Seq));
    }

    [Fact]
    public async Task An_idle_silo_reads_each_queue_once_per_wait_not_every_few_milliseconds()
    {
        using var file = new TempSqliteFile();
        await using var host = await ChappSiloHost.StartSqliteAsync(file.Path, new Dictionary<string, string?>
        {
            ["Chapp:Streams:Queues"] = "2",
            ["Chapp:Streams:QueueWait"] = "00:00:01",
        });
        var silo = host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToString();
        await Task.Delay(TimeSpan.FromSeconds(1));

        var reads = 0L;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ChappMetrics.MeterName && instrument.Name == "chapp.stream.queue.reads")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "silo" && Equals(tag.Value, silo))
                {
                    Interlocked.Add(ref reads, value);
                }
            }
        });
        listener.Start();
        await Task.Delay(TimeSpan.FromSeconds(4));
        listener.Dispose();

        // 2 queues x (4 s / 1 s wait + 1); the memory streams' 10 ms polling made 800 calls here. At least one wait
        // per queue must end by itself within the 4 s, or a quiet queue's read would never come back.
        Assert.InRange(Interlocked.Read(ref reads), 5, 12);
    }

    [Fact]
    public async Task Stopping_the_agents_ends_their_waiting_reads_at_once_and_messages_sent_meanwhile_arrive_after_restart()
    {
        using var file = new TempSqliteFile();
        await using var host = await ChappSiloHost.StartSqliteAsync(file.Path, new Dictionary<string, string?>
        {
            ["Chapp:Streams:QueueWait"] = "00:00:15",
        });
        var room = await NewRoomAsync(host);
        await using var probe = await StreamProbe<ChatMessage>.SubscribeAsync(host.Client, ChappNames.RoomStreamNamespace, room);
        await host.Grains.GetRoom(room).Post("alice", "Alice", "before", "c0");
        Assert.Single(await probe.WaitForAsync(1, TimeSpan.FromSeconds(20)));
        await Task.Delay(TimeSpan.FromMilliseconds(300)); // the agents are now waiting in their queues

        var provider = (IControllable)host.Services.GetRequiredKeyedService<IStreamProvider>(ChappNames.StreamProvider);
        var clock = Stopwatch.StartNew();
        await provider.ExecuteCommand((int)PersistentStreamProviderCommand.StopAgents, null);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"stopping took {clock.Elapsed}: a read kept waiting its 15 s");

        await host.Grains.GetRoom(room).Post("alice", "Alice", "while stopped", "c1");
        await provider.ExecuteCommand((int)PersistentStreamProviderCommand.StartAgents, null);
        await host.Grains.GetRoom(room).Post("alice", "Alice", "after", "c2");

        var received = await probe.WaitForAsync(3, TimeSpan.FromSeconds(20));
        Assert.Equal(["before", "while stopped", "after"], received.Select(m => m.Text));
    }

    private static async Task<string> NewRoomAsync(ChappSiloHost host)
    {
        var id = "t-" + Guid.NewGuid().ToString("N")[..12];
        await host.Grains.GetRoom(id).Create("Test " + id, RoomKind.Public, "alice", []);
        return id;
    }
}
