namespace Chapp.Grains.Tests;

/// <summary>The real message log with the faults a test armed in <see cref="MessageLogFaults"/> injected into appends.</summary>
public sealed class FaultyMessageLog(IMessageLog inner, MessageLogFaults faults) : IMessageLog
{
    /// <inheritdoc />
    public async Task AppendAsync(IReadOnlyList<ChatMessage> messages, CancellationToken cancellationToken = default)
    {
        switch (messages.Count > 0 ? faults.Take(messages[0].RoomId) : null)
        {
            case AppendFault.BeforeCommit:
                throw new IOException("Injected: the database could not be reached.");
            case AppendFault.AfterCommit:
                await inner.AppendAsync(messages, cancellationToken);
                throw new IOException("Injected: the connection broke after the commit.");
            default:
                await inner.AppendAsync(messages, cancellationToken);
                break;
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ChatMessage>> ReadTailAsync(string roomId, int count, CancellationToken cancellationToken = default) =>
        inner.ReadTailAsync(roomId, count, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ChatMessage>> ReadLatestAsync(string roomId, int count, CancellationToken cancellationToken = default) =>
        inner.ReadLatestAsync(roomId, count, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ChatMessage>> ReadBeforeAsync(string roomId, long beforeSeq, int count, CancellationToken cancellationToken = default) =>
        inner.ReadBeforeAsync(roomId, beforeSeq, count, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ChatMessage>> ReadAfterAsync(string roomId, long afterSeq, int count, CancellationToken cancellationToken = default) =>
        inner.ReadAfterAsync(roomId, afterSeq, count, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<RoomLast>> ReadLastAsync(string reader, IReadOnlyCollection<RoomReadPosition> rooms, CancellationToken cancellationToken = default) =>
        inner.ReadLastAsync(reader, rooms, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ChatMessage>> FindByClientIdsAsync(string roomId, IReadOnlyCollection<MessageKey> keys, CancellationToken cancellationToken = default) =>
        inner.FindByClientIdsAsync(roomId, keys, cancellationToken);
}
