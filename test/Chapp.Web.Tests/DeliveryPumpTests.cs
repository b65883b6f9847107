using System.Threading.Channels;
using Chapp.Grains;
using Chapp.Web.Chat;
using Chapp.Web.Chat.Rooms;

namespace Chapp.Web.Tests;

/// <summary>
/// The pump's batching rule, with a send that the test holds in flight or whose socket writes are still queued: a room
/// whose pump is idle gets a message at once, and what arrives during a send goes out together, complete and in order,
/// in the next frame.
/// </summary>
public sealed class DeliveryPumpTests
{
    [Fact]
    public async Task An_idle_pump_sends_at_once_and_a_burst_during_a_slow_send_shares_the_next_frame()
    {
        var queue = Channel.CreateUnbounded<ChatMessage>(new UnboundedChannelOptions { SingleReader = true });
        var frames = Channel.CreateUnbounded<IReadOnlyList<ChatMessage>>();
        var slow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sends = 0;
        var pump = DeliveryPump.RunAsync(
            queue.Reader,
            async batch =>
            {
                await frames.Writer.WriteAsync(batch.ToArray());
                if (Interlocked.Increment(ref sends) == 1)
                {
                    await slow.Task; // The first send is slow: a client that reads late.
                }
            },
            (error, _) => throw error);

        queue.Writer.TryWrite(Message(1));
        var first = await frames.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal([1L], first.Select(m => m.Seq));

        for (var seq = 2; seq <= 6; seq++)
        {
            queue.Writer.TryWrite(Message(seq));
        }

        // Nothing else leaves while the first send is in flight.
        await Task.Delay(100);
        Assert.False(frames.Reader.TryRead(out _));

        slow.SetResult();
        var second = await frames.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal([2L, 3L, 4L, 5L, 6L], second.Select(m => m.Seq));

        // Idle again: the next message goes out on its own, without waiting for company.
        queue.Writer.TryWrite(Message(7));
        var third = await frames.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal([7L], third.Select(m => m.Seq));

        queue.Writer.Complete();
        await pump.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Messages_that_arrive_while_a_frames_socket_writes_are_still_queued_share_the_next_frame()
    {
        // A real group send returns once the bytes are in each connection's pipe and leaves the socket writes queued
        // in the thread pool. Here the first send queues 40 such writes, and messages keep arriving while they wait:
        // one during the send itself, one from each queued write. The send is not over until those writes ran.
        const int writes = 40;
        var queue = Channel.CreateUnbounded<ChatMessage>(new UnboundedChannelOptions { SingleReader = true });
        var frames = Channel.CreateUnbounded<IReadOnlyList<ChatMessage>>();
        var sends = 0;
        var pump = DeliveryPump.RunAsync(
            queue.Reader,
            batch =>
            {
                frames.Writer.TryWrite(batch.ToArray());
                if (Interlocked.Increment(ref sends) == 1)
                {
                    queue.Writer.TryWrite(Message(2));
                    for (var i = 0; i < writes; i++)
                    {
                        ThreadPool.UnsafeQueueUserWorkItem(
                            seq =>
                            {
                                queue.Writer.TryWrite(Message(seq));
                                Thread.Sleep(1); // The socket write itself.
                            },
                            3L + i,
                            preferLocal: false);
                    }
                }

                return Task.CompletedTask;
            },
            (error, _) => throw error);

        queue.Writer.TryWrite(Message(1));
        var first = await frames.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        var second = await frames.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal([1L], first.Select(m => m.Seq));
        // Without the wait this frame holds message 2 alone. With it, every write picked up before the pump's turn
        // has brought its message; a write another thread has just taken may still be on its way (so: at least half).
        // The writes run on several threads, so their messages arrive (and go out) in no particular order among them.
        Assert.Equal(2L, second[0].Seq);
        Assert.True(second.Count > writes / 2, $"the second frame held {second.Count} of {writes + 1} messages");

        await Task.Delay(200);
        queue.Writer.Complete();
        await pump.WaitAsync(TimeSpan.FromSeconds(5));
        var rest = new List<ChatMessage>();
        while (frames.Reader.TryRead(out var frame))
        {
            rest.AddRange(frame);
        }

        Assert.Equal(Enumerable.Range(2, writes + 1).Select(i => (long)i), second.Concat(rest).Select(m => m.Seq).Order());
    }

    [Fact]
    public async Task A_failed_send_is_reported_and_the_pump_goes_on()
    {
        var queue = Channel.CreateUnbounded<ChatMessage>(new UnboundedChannelOptions { SingleReader = true });
        var delivered = new List<long>();
        var failed = new List<long>();
        var pump = DeliveryPump.RunAsync(
            queue.Reader,
            batch => batch[0].Seq == 1 ? throw new IOException("socket gone") : Record(delivered, batch),
            (_, batch) => failed.AddRange(batch.Select(m => m.Seq)));

        queue.Writer.TryWrite(Message(1));
        await Until(() => failed.Count == 1);
        queue.Writer.TryWrite(Message(2));
        queue.Writer.Complete();
        await pump.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal([1L], failed);
        Assert.Equal([2L], delivered);
    }

    private static Task Record(List<long> into, IReadOnlyList<ChatMessage> batch)
    {
        into.AddRange(batch.Select(m => m.Seq));
        return Task.CompletedTask;
    }

    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }

    private static ChatMessage Message(long seq) =>
        new("room", seq, Guid.NewGuid(), "alice", "Alice", "m" + seq, DateTimeOffset.UtcNow, "c" + seq);
}
