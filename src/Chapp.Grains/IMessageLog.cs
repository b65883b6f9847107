namespace Chapp.Grains;

/// <summary>
/// The durable, append-only message log, keyed by (room, seq). Rooms write here rather than into grain state,
/// whose blob is rewritten whole on every write: a post must cost the same in a room of 10 or 10 million messages.
/// Every read returns messages oldest first.
/// </summary>
public interface IMessageLog
{
    /// <summary>
    /// Stores messages atomically; returns once they are durable. Throws <see cref="DuplicateMessageException"/>
    /// (storing nothing) when one repeats a stored (room, author, client message id).
    /// </summary>
    Task AppendAsync(IReadOnlyList<ChatMessage> messages, CancellationToken cancellationToken = default);

    /// <summary>The latest <paramref name="count"/> messages of a room.</summary>
    Task<IReadOnlyList<ChatMessage>> ReadLatestAsync(string roomId, int count, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="count"/> messages with seq below <paramref name="beforeSeq"/>, the nearest ones.</summary>
    Task<IReadOnlyList<ChatMessage>> ReadBeforeAsync(string roomId, long beforeSeq, int count, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="count"/> messages with seq above <paramref name="afterSeq"/>, the nearest ones.</summary>
    Task<IReadOnlyList<ChatMessage>> ReadAfterAsync(string roomId, long afterSeq, int count, CancellationToken cancellationToken = default);

    /// <summary>
    /// The newest stored message of each of <paramref name="roomIds"/> that has any, in one query: what a user's inbox
    /// needs for all their rooms at once (one index seek per room on (room, seq)).
    /// </summary>
    Task<IReadOnlyList<RoomLast>> ReadLastAsync(IReadOnlyCollection<string> roomIds, CancellationToken cancellationToken = default);

    /// <summary>The stored messages of a room among the given (author, client message id) pairs.</summary>
    Task<IReadOnlyList<ChatMessage>> FindByClientIdsAsync(string roomId, IReadOnlyCollection<MessageKey> keys, CancellationToken cancellationToken = default);
}
