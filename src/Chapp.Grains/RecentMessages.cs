using System.Diagnostics.CodeAnalysis;

namespace Chapp.Grains;

/// <summary>
/// A room's latest log rows (messages and events) in memory, contiguous by seq and oldest first, messages in their
/// current state, with an index by (author, client message id) so retries are answered without the database. Keeps
/// between <c>keep</c> and twice that many: it trims in chunks so the list is not shifted on every post.
/// </summary>
internal sealed class RecentMessages(int keep)
{
    private readonly List<ChatMessage> _messages = [];
    private readonly Dictionary<MessageKey, ChatMessage> _byKey = [];

    /// <summary>How many rows are held.</summary>
    public int Count => _messages.Count;

    /// <summary>True when every row of a room whose newest seq is <paramref name="lastSeq"/> is held.</summary>
    public bool HoldsAll(long lastSeq) => _messages.Count == lastSeq;

    /// <summary>The oldest seq held, or the next one when nothing is.</summary>
    public long FirstSeq(long lastSeq) => _messages.Count > 0 ? _messages[0].Seq : lastSeq + 1;

    /// <summary>The held message with this key, if any.</summary>
    public bool TryGet(MessageKey key, [MaybeNullWhen(false)] out ChatMessage message) => _byKey.TryGetValue(key, out message);

    /// <summary>The held row with this seq, if any.</summary>
    public bool TryGet(long seq, [MaybeNullWhen(false)] out ChatMessage row)
    {
        var index = _messages.Count > 0 ? seq - _messages[0].Seq : -1;
        row = index >= 0 && index < _messages.Count ? _messages[(int)index] : null;
        return row is not null;
    }

    /// <summary>Appends rows that follow the newest one held; an event row also updates its message if held.</summary>
    public void Add(IReadOnlyList<ChatMessage> rows)
    {
        foreach (var row in rows)
        {
            _messages.Add(row);
            if (row.IsMessage)
            {
                _byKey[MessageKey.Of(row)] = row;
            }
            else if (TryGet(row.TargetSeq, out var target) && target.ChangedSeq < row.Seq)
            {
                var changed = target.With(row);
                _messages[(int)(target.Seq - _messages[0].Seq)] = changed;
                _byKey[MessageKey.Of(changed)] = changed;
            }
        }

        if (_messages.Count >= keep * 2)
        {
            var drop = _messages.Count - keep;
            foreach (var old in _messages.Take(drop).Where(m => m.IsMessage))
            {
                _byKey.Remove(MessageKey.Of(old));
            }

            _messages.RemoveRange(0, drop);
        }
    }

    /// <summary>The newest <paramref name="count"/> messages held (no events), oldest first.</summary>
    public ChatMessage[] Latest(int count) => _messages.Where(m => m.IsMessage).TakeLast(count).ToArray();

    /// <summary>Up to <paramref name="count"/> held messages (no events) just before <paramref name="beforeSeq"/>.</summary>
    public ChatMessage[] Before(long beforeSeq, int count) =>
        _messages.Where(m => m.IsMessage && m.Seq < beforeSeq).TakeLast(count).ToArray();

    /// <summary>Up to <paramref name="count"/> held rows, messages and events, just after <paramref name="afterSeq"/>.</summary>
    public ChatMessage[] After(long afterSeq, int count) => _messages.Where(m => m.Seq > afterSeq).Take(count).ToArray();
}
