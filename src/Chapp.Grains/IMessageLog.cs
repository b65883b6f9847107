namespace Chapp.Grains;

/// <summary>
/// The durable room log, keyed by (room, seq): messages and the events that change them (<see cref="RoomEventKind"/>).
/// Rooms write here rather than into grain state, whose blob is rewritten whole on every write: a post must cost the
/// same in a room of 10 or 10 million messages. Every read returns rows oldest first, messages in their current state.
/// </summary>
public interface IMessageLog
{
    /// <summary>
    /// Stores rows atomically; returns once they are durable. An event row also rewrites its message (text, edited
    /// time, deleted flag, reactions, changed seq) to the state it carries, in the same transaction. Throws
    /// <see cref="DuplicateMessageException"/> (storing nothing) when one repeats a stored (room, author, client message id).
    /// </summary>
    Task AppendAsync(IReadOnlyList<ChatMessage> messages, CancellationToken cancellationToken = default);

    /// <summary>The latest <paramref name="count"/> rows of a room, messages and events: what a room keeps in memory.</summary>
    Task<IReadOnlyList<ChatMessage>> ReadTailAsync(string roomId, int count, CancellationToken cancellationToken = default);

    /// <summary>The latest <paramref name="count"/> messages of a room (no event rows).</summary>
    Task<IReadOnlyList<ChatMessage>> ReadLatestAsync(string roomId, int count, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="count"/> messages (no event rows) with seq below <paramref name="beforeSeq"/>, the nearest ones.</summary>
    Task<IReadOnlyList<ChatMessage>> ReadBeforeAsync(string roomId, long beforeSeq, int count, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="count"/> rows, messages and events, with seq above <paramref name="afterSeq"/>, the nearest ones.</summary>
    Task<IReadOnlyList<ChatMessage>> ReadAfterAsync(string roomId, long afterSeq, int count, CancellationToken cancellationToken = default);

    /// <summary>
    /// For each of <paramref name="rooms"/> that has a message, in one query: its newest stored message (not event), and
    /// how many messages after the read position are unread for <paramref name="reader"/>: messages only (edits,
    /// deletes and reactions take seqs but are not new), not deleted by now, not the reader's own, counted up to
    /// <see cref="RoomLast.MaxUnread"/>. What a user's inbox needs for all their rooms at once: per room, one index
    /// seek on (room, seq) and a walk of the rows after the read position that stops at the cap.
    /// </summary>
    Task<IReadOnlyList<RoomLast>> ReadLastAsync(string reader, IReadOnlyCollection<RoomReadPosition> rooms, CancellationToken cancellationToken = default);

    /// <summary>The stored messages of a room among the given (author, client message id) pairs.</summary>
    Task<IReadOnlyList<ChatMessage>> FindByClientIdsAsync(string roomId, IReadOnlyCollection<MessageKey> keys, CancellationToken cancellationToken = default);
}
