using System.Diagnostics;
using Chapp.Grains;

namespace Chapp.Silo.Storage;

/// <summary>Counts stored messages and times appends (<see cref="ChappMetrics"/>) around the real log.</summary>
public sealed class MeasuredMessageLog(IMessageLog inner) : IMessageLog
{
    /// <inheritdoc />
    public async Task AppendAsync(IReadOnlyList<ChatMessage> messages, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        await inner.AppendAsync(messages, cancellationToken);
        ChappMetrics.CommitDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        ChappMetrics.MessagesStored.Add(messages.Count);
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
