using System.Threading.Channels;
using Chapp.Grains;

namespace Chapp.Web.Chat.Rooms;

/// <summary>
/// The one way into a room feed's delivery queue for the two paths a batch can take to this process: the room stream
/// (the authority, which reaches every process) and the local shortcut from a room grain hosted here
/// (<see cref="ILocalRoomDelivery"/>). Each seq is passed on once, in order, from whichever path brings it first.
/// </summary>
/// <remarks>
/// The stream is taken as it always was, less what the shortcut already passed on (a seq at or below the last one
/// passed). The shortcut is taken only where it continues the sequence without a gap, so it can never skip or
/// reorder what the stream would have brought. A feed that opened in a room with messages has passed nothing on, so
/// the shortcut is refused until the stream has brought one: a batch published before the feed opened may still be on
/// its way, and taking a later one first would drop it.
/// </remarks>
internal sealed class SeqGate(ChannelWriter<ChatMessage> queue)
{
    private readonly Lock _lock = new();

    // The last seq passed on; 0 before anything was. At 0 only seq 1 (a new room's first message) continues it: a feed
    // opened in a room that already has messages takes the shortcut only once the stream has brought one.
    private long _passed;

    // Messages the stream brought here, passed on or not (tests: the stream's filter keeps copies of what the
    // shortcut passed on away from the gate).
    private long _fromStream;

    /// <summary>How many messages the room stream brought to this gate.</summary>
    public long FromStreamCount => Interlocked.Read(ref _fromStream);

    /// <summary>
    /// True when <paramref name="seq"/> was passed on already, so the stream's copy would be dropped here (the stream's
    /// filter asks, before the copy is delivered).
    /// </summary>
    public bool HasPassed(long seq)
    {
        lock (_lock)
        {
            return seq <= _passed;
        }
    }

    /// <summary>A message the room stream brought: passed on unless its seq was passed on already.</summary>
    public bool FromStream(ChatMessage message)
    {
        Interlocked.Increment(ref _fromStream);
        lock (_lock)
        {
            if (message.Seq <= _passed)
            {
                return false;
            }

            // A jump is passed on as the stream brings it (a publish was lost): clients fill the gap from the log.
            _passed = message.Seq;
            queue.TryWrite(message);
            return true;
        }
    }

    /// <summary>
    /// A batch of consecutive seqs from the room grain in this process: what continues the last seq passed on is passed
    /// on at once; what was passed on already is dropped; a batch that would leave a gap (including any but a new room's
    /// first batch before the stream has brought anything) is refused: the stream brings it. A batch the stream will not
    /// carry (<paramref name="only"/>) is never refused: its gap, if any, is what no path will bring, and clients fill
    /// it from the log. True when anything was passed on.
    /// </summary>
    public bool FromLocal(IReadOnlyList<ChatMessage> rows, bool only = false)
    {
        lock (_lock)
        {
            var first = 0;
            while (first < rows.Count && rows[first].Seq <= _passed)
            {
                first++;
            }

            if (first == rows.Count || (rows[first].Seq != _passed + 1 && !only))
            {
                return false;
            }

            for (var i = first; i < rows.Count; i++)
            {
                if (rows[i].Seq <= _passed || (rows[i].Seq != _passed + 1 && !only))
                {
                    // Not consecutive after all: the rest is the stream's to bring.
                    break;
                }

                _passed = rows[i].Seq;
                queue.TryWrite(rows[i]);
            }

            return true;
        }
    }
}
