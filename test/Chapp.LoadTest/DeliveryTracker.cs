namespace Chapp.LoadTest;

/// <summary>
/// Every delivery at every receiver, in preallocated arrays. A receiver's handler runs on its connection's
/// receive loop, one message at a time, so its own slots need no locking; the shared histogram is lock-free.
/// Per delivery: one bitmap test-and-set, a few array writes and a histogram record: no allocation. A receiver
/// expects the senders of its own room only (<see cref="RoomLayout"/>); a message from another room counts as foreign.
/// </summary>
public sealed class DeliveryTracker
{
    private readonly int _run;
    private readonly int _receivers;
    private readonly int _senders;
    private readonly int _perSender;
    private readonly int _wordsPerPair;
    private readonly int _firstMeasured;
    private readonly int[] _roomOf;            // per receiver
    private readonly int _sendersPerRoom;
    private readonly ulong[] _received;        // [receiver][sender in its room][index] bits; each row starts on a word
    private readonly long[] _lastSeq;          // per receiver
    private readonly long[] _counts;           // per receiver, Stride longs apart to keep receivers off each other's cache lines
    private readonly bool[] _accepted;         // [sender][index]: the server acknowledged the send
    private readonly bool[] _dead;             // receivers that never connected: nothing expected of them
    private long _windowStart = long.MaxValue;
    private long _windowEnd = long.MinValue;

    private const int Stride = 8;
    private const int Deliveries = 0, Duplicates = 1, OutOfOrder = 2, Foreign = 3, InWindow = 4, LastReceive = 5, Frames = 6;

    /// <summary>
    /// Sizes the arrays for <paramref name="receivers"/> × senders per room × <paramref name="perSender"/>. Receiver
    /// <c>r</c> is in room <c>roomOf[r]</c>, whose senders are <c>room × sendersPerRoom</c> and the next ones.
    /// </summary>
    public DeliveryTracker(int run, int receivers, int senders, int perSender, int firstMeasured, int[] roomOf, int sendersPerRoom)
    {
        _roomOf = roomOf;
        _sendersPerRoom = sendersPerRoom;
        _run = run;
        _receivers = receivers;
        _senders = senders;
        _perSender = perSender;
        _firstMeasured = firstMeasured;
        _wordsPerPair = (perSender + 63) / 64;
        _received = new ulong[(long)receivers * sendersPerRoom * _wordsPerPair];
        _lastSeq = new long[receivers];
        _counts = new long[receivers * Stride];
        _accepted = new bool[senders * perSender];
        _dead = new bool[receivers];
    }

    /// <summary>Excludes a receiver that failed to connect or join from the expected deliveries.</summary>
    public void MarkDead(int receiver) => _dead[receiver] = true;

    /// <summary>Send→receive latency of every measured (post-warm-up) delivery.</summary>
    public LatencyHistogram Latency { get; } = new();

    /// <summary>Sets the wall-clock window in which deliveries count towards the achieved rate.</summary>
    public void SetWindow(long start, long end)
    {
        _windowStart = start;
        _windowEnd = end;
    }

    /// <summary>Records one pushed message at <paramref name="receiver"/>. Called on that receiver's receive loop only.</summary>
    public void Record(int receiver, Delivery delivery, long now)
    {
        var c = receiver * Stride;
        if (!delivery.IsLoad || delivery.Run != _run || (uint)delivery.Sender >= (uint)_senders || (uint)delivery.Index >= (uint)_perSender)
        {
            _counts[c + Foreign]++;
            return;
        }

        var slot = delivery.Sender - (_roomOf[receiver] * _sendersPerRoom);
        if ((uint)slot >= (uint)_sendersPerRoom)
        {
            _counts[c + Foreign]++; // Another room's message: it must never reach this receiver.
            return;
        }

        var word = (((long)receiver * _sendersPerRoom) + slot) * _wordsPerPair + (delivery.Index >> 6);
        var bit = 1UL << (delivery.Index & 63);
        if ((_received[word] & bit) != 0)
        {
            _counts[c + Duplicates]++;
            return;
        }

        _received[word] |= bit;
        _counts[c + Deliveries]++;
        if (delivery.Seq < _lastSeq[receiver])
        {
            _counts[c + OutOfOrder]++;
        }
        else
        {
            _lastSeq[receiver] = delivery.Seq;
        }

        if (now >= _windowStart && now < _windowEnd)
        {
            _counts[c + InWindow]++;
        }

        _counts[c + LastReceive] = now;
        if (delivery.Index >= _firstMeasured)
        {
            Latency.RecordTicks(delivery.ScheduledTimestamp, now);
        }
    }

    /// <summary>Counts one pushed frame (a <c>message</c> or a <c>messages</c> batch) at <paramref name="receiver"/>; its receive loop only.</summary>
    public void RecordFrame(int receiver) => _counts[(receiver * Stride) + Frames]++;

    /// <summary>Marks a send as acknowledged by the server (so every receiver should get it).</summary>
    public void Accept(int sender, int index) => Volatile.Write(ref _accepted[(sender * _perSender) + index], true);

    /// <summary>Distinct deliveries recorded so far, over all receivers (approximate while running).</summary>
    public long TotalDeliveries()
    {
        long total = 0;
        for (var r = 0; r < _receivers; r++)
        {
            total += Volatile.Read(ref _counts[(r * Stride) + Deliveries]);
        }

        return total;
    }

    /// <summary>Deliveries every live receiver should get: acknowledged sends × receivers (own sends only when <paramref name="selfDelivery"/>).</summary>
    public long ExpectedDeliveries(Func<int, int> senderConnectionOf, bool selfDelivery)
    {
        var accepted = new int[_senders];
        for (var s = 0; s < _senders; s++)
        {
            accepted[s] = AcceptedCount(s);
        }

        long expected = 0;
        for (var r = 0; r < _receivers; r++)
        {
            for (var slot = 0; slot < _sendersPerRoom; slot++)
            {
                var s = (_roomOf[r] * _sendersPerRoom) + slot;
                if (!_dead[r] && (selfDelivery || senderConnectionOf(s) != r))
                {
                    expected += accepted[s];
                }
            }
        }

        return expected;
    }

    /// <summary>Sends of <paramref name="sender"/> the server acknowledged.</summary>
    public int AcceptedCount(int sender)
    {
        var n = 0;
        for (var k = 0; k < _perSender; k++)
        {
            if (Volatile.Read(ref _accepted[(sender * _perSender) + k]))
            {
                n++;
            }
        }

        return n;
    }

    /// <summary>Counts expected deliveries that never arrived (acknowledged sends not seen at a receiver).</summary>
    public long Lost(Func<int, int> senderConnectionOf, bool selfDelivery)
    {
        long lost = 0;
        for (var r = 0; r < _receivers; r++)
        {
            for (var slot = 0; slot < _sendersPerRoom; slot++)
            {
                var s = (_roomOf[r] * _sendersPerRoom) + slot;
                if (_dead[r] || (!selfDelivery && senderConnectionOf(s) == r))
                {
                    continue;
                }

                var row = (((long)r * _sendersPerRoom) + slot) * _wordsPerPair;
                for (var k = 0; k < _perSender; k++)
                {
                    if (_accepted[(s * _perSender) + k] && (_received[row + (k >> 6)] & (1UL << (k & 63))) == 0)
                    {
                        lost++;
                    }
                }
            }
        }

        return lost;
    }

    /// <summary>Sums one per-receiver counter.</summary>
    private long Sum(int counter)
    {
        long total = 0;
        for (var r = 0; r < _receivers; r++)
        {
            total += _counts[(r * Stride) + counter];
        }

        return total;
    }

    /// <summary>Same message (sender, index) seen twice at one receiver.</summary>
    public long Duplicated => Sum(Duplicates);

    /// <summary>A room sequence number lower than the last one seen at that receiver.</summary>
    public long OutOfOrderCount => Sum(OutOfOrder);

    /// <summary>Pushed messages that were not this run's load messages.</summary>
    public long ForeignCount => Sum(Foreign);

    /// <summary>Frames (single messages and batches) received, over all receivers.</summary>
    public long FrameCount => Sum(Frames);

    /// <summary>Distinct deliveries received inside the measured window.</summary>
    public long InWindowCount => Sum(InWindow);

    /// <summary>The latest receive timestamp at any receiver.</summary>
    public long LastReceiveTimestamp()
    {
        long last = 0;
        for (var r = 0; r < _receivers; r++)
        {
            last = Math.Max(last, _counts[(r * Stride) + LastReceive]);
        }

        return last;
    }
}
