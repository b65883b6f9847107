using System.Diagnostics.CodeAnalysis;

namespace Chapp.Grains;

/// <summary>
/// A room's latest messages in memory, contiguous by seq and oldest first, with an index by (author, client message
/// id) so retries are answered without the database. Keeps between <c>keep</c> and twice that many: it trims in
/// chunks so the list is not shifted on every post.
/// </summary>
internal sealed class RecentMessages(int keep)
{
    private readonly List<ChatMessage> _messages = [];
    private readonly Dictionary<MessageKey, ChatMessage> _byKey = [];

    /// <summary>How many messages are held.</summary>
    public int Count => _messages.Count;

    /// <summary>True when every message of a room whose newest seq is <paramref name="lastSeq"/> is held.</summary>
    public bool HoldsAll(long lastSeq) => _messages.Count == lastSeq;

    /// <summary>The oldest seq held, or the next one when nothing is.</summary>
    public long FirstSeq(long lastSeq) => _messages.Count > 0 ? _messages[0].Seq : lastSeq + 1;

    /// <summary>The held message with this key, if any.</summary>
    public bool TryGet(MessageKey key, [MaybeNullWhen(false)] out ChatMessage message) => _byKey.TryGetValue(key, out message);

    /// <summary>Appends messages that follow the newest one held.</summary>
    public void Add(IReadOnlyList<ChatMessage> messages)
    {
        foreach (var message in messages)
        {
            _messages.Add(message);
            _byKey[MessageKey.Of(message)] = message;
        }

        if (_messages.Count >= keep * 2)
        {
            var drop = _messages.Count - keep;
            foreach (var old in _messages.Take(drop))
            {
                _byKey.Remove(MessageKey.Of(old));
            }

            _messages.RemoveRange(0, drop);
        }
    }

    /// <summary>The newest <paramref name="count"/> held, oldest first.</summary>
    public ChatMessage[] Latest(int count) => _messages.Skip(Math.Max(0, _messages.Count - count)).ToArray();

    /// <summary>Up to <paramref name="count"/> held messages just before <paramref name="beforeSeq"/>.</summary>
    public ChatMessage[] Before(long beforeSeq, int count) => _messages.Where(m => m.Seq < beforeSeq).TakeLast(count).ToArray();

    /// <summary>Up to <paramref name="count"/> held messages just after <paramref name="afterSeq"/>.</summary>
    public ChatMessage[] After(long afterSeq, int count) => _messages.Where(m => m.Seq > afterSeq).Take(count).ToArray();
}
