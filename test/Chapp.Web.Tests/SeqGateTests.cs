using System.Threading.Channels;
using Chapp.Grains;
using Chapp.Web.Chat.Rooms;

namespace Chapp.Web.Tests;

/// <summary>
/// The races a room feed's <see cref="SeqGate"/> guards, each as it happens between the room stream and the shortcut
/// from the room grain in this process: whatever arrives first and however they interleave, the pump gets every seq
/// the stream would have brought, once, in order.
/// </summary>
public sealed class SeqGateTests
{
    private readonly Channel<ChatMessage> _queue = Channel.CreateUnbounded<ChatMessage>();

    [Fact]
    public void A_batch_the_shortcut_passed_on_is_dropped_when_the_stream_brings_it_too()
    {
        var gate = new SeqGate(_queue.Writer);
        gate.FromStream(Message(1));

        Assert.True(gate.FromLocal(Messages(2, 3)));
        Assert.False(gate.FromStream(Message(2)));
        Assert.False(gate.FromStream(Message(3)));
        gate.FromStream(Message(4));

        Assert.Equal([1L, 2L, 3L, 4L], Drain());
    }

    [Fact]
    public void A_shortcut_batch_that_would_jump_over_one_still_on_the_stream_is_refused_and_the_stream_brings_both()
    {
        var gate = new SeqGate(_queue.Writer);
        gate.FromStream(Message(1));

        // Seq 2 went to another process's feed first, or its offer was lost: it is still on the stream.
        Assert.False(gate.FromLocal(Messages(3, 3)));
        gate.FromStream(Message(2));
        gate.FromStream(Message(3));

        Assert.Equal([1L, 2L, 3L], Drain());
    }

    [Fact]
    public void A_feed_opened_while_an_earlier_batch_is_on_the_stream_takes_no_shortcut_until_the_stream_has_delivered()
    {
        var gate = new SeqGate(_queue.Writer);

        // Opened just now: seq 5 was published a moment ago and is on its way; seq 6 is stored and offered here first.
        Assert.False(gate.FromLocal(Messages(6, 6)));
        gate.FromStream(Message(5));
        gate.FromStream(Message(6));
        // From here on the shortcut continues what the stream began.
        Assert.True(gate.FromLocal(Messages(7, 8)));
        gate.FromStream(Message(7));
        gate.FromStream(Message(8));

        Assert.Equal([5L, 6L, 7L, 8L], Drain());
    }

    [Fact]
    public void A_new_rooms_first_messages_take_the_shortcut_since_nothing_can_be_on_the_stream_before_them()
    {
        var gate = new SeqGate(_queue.Writer);

        Assert.True(gate.FromLocal(Messages(1, 2)));
        Assert.False(gate.FromStream(Message(1)));
        Assert.False(gate.FromStream(Message(2)));

        Assert.Equal([1L, 2L], Drain());
    }

    [Fact]
    public void A_shortcut_batch_that_overlaps_what_the_stream_brought_passes_only_the_rest()
    {
        var gate = new SeqGate(_queue.Writer);
        gate.FromStream(Message(1));
        gate.FromStream(Message(2));

        Assert.True(gate.FromLocal(Messages(2, 4)));
        Assert.False(gate.FromLocal(Messages(1, 4)));
        gate.FromStream(Message(3));
        gate.FromStream(Message(4));

        Assert.Equal([1L, 2L, 3L, 4L], Drain());
    }

    [Fact]
    public void A_jump_on_the_stream_passes_as_before_and_the_shortcut_continues_after_it()
    {
        var gate = new SeqGate(_queue.Writer);
        gate.FromStream(Message(1));

        // Seqs 2-3 were stored but their publish failed (their clients fill them from the log).
        Assert.True(gate.FromStream(Message(4)));
        Assert.False(gate.FromLocal(Messages(3, 3)));
        Assert.True(gate.FromLocal(Messages(5, 5)));

        Assert.Equal([1L, 4L, 5L], Drain());
    }

    [Fact]
    public async Task The_stream_and_the_shortcut_racing_on_two_threads_pass_on_every_seq_once_in_order()
    {
        const int Last = 2000;
        for (var round = 0; round < 20; round++)
        {
            var queue = Channel.CreateUnbounded<ChatMessage>();
            var gate = new SeqGate(queue.Writer);
            using var start = new Barrier(2);
            var random = new Random(round);
            var chunks = new List<(long From, long To)>();
            for (long from = 1; from <= Last;)
            {
                var to = Math.Min(Last, from + random.Next(0, 5));
                chunks.Add((from, to));
                from = to + 1;
            }

            // The grain offers each stored batch; the stream brings the same seqs one by one, on its own thread.
            var local = Task.Run(() =>
            {
                start.SignalAndWait();
                foreach (var (from, to) in chunks)
                {
                    gate.FromLocal(Messages(from, to));
                }
            });
            var stream = Task.Run(() =>
            {
                start.SignalAndWait();
                for (var seq = 1; seq <= Last; seq++)
                {
                    gate.FromStream(Message(seq));
                }
            });
            await Task.WhenAll(local, stream).WaitAsync(TimeSpan.FromSeconds(10));

            queue.Writer.Complete();
            var passed = new List<long>();
            await foreach (var message in queue.Reader.ReadAllAsync())
            {
                passed.Add(message.Seq);
            }

            Assert.Equal(Enumerable.Range(1, Last).Select(i => (long)i), passed);
        }
    }

    private long[] Drain()
    {
        var seqs = new List<long>();
        while (_queue.Reader.TryRead(out var message))
        {
            seqs.Add(message.Seq);
        }

        return [.. seqs];
    }

    [Fact]
    public void With_no_stream_behind_it_a_shortcut_batch_past_a_gap_is_passed_on_and_what_it_already_passed_is_still_dropped()
    {
        var gate = new SeqGate(_queue.Writer);

        // One process, the stream left out: a feed opened in a room with 4 messages hears 5 first, and 7 after a batch
        // that never reached it (its clients fill 6 from the log). Nothing else will ever bring either.
        Assert.True(gate.FromLocal(Messages(5, 5), only: true));
        Assert.True(gate.FromLocal(Messages(7, 8), only: true));
        Assert.False(gate.FromLocal(Messages(7, 8), only: true));
        Assert.True(gate.FromLocal(Messages(8, 9), only: true));

        Assert.Equal([5L, 7L, 8L, 9L], Drain());
    }

    private static ChatMessage[] Messages(long from, long to) =>
        Enumerable.Range((int)from, (int)(to - from + 1)).Select(seq => Message(seq)).ToArray();

    private static ChatMessage Message(long seq) =>
        new("room", seq, Guid.NewGuid(), "alice", "Alice", "m" + seq, DateTimeOffset.UtcNow, "c" + seq);
}
