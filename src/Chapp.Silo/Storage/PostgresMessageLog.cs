using Chapp.Grains;
using Npgsql;

namespace Chapp.Silo.Storage;

/// <summary>
/// The room log in PostgreSQL. Each room's append is one statement (<see cref="PostgresAppendStatement"/>), and this
/// process's rooms commit together (<see cref="PostgresMessageWriter"/>). Rooms on any silo append concurrently, each
/// room's batches in order.
/// </summary>
public sealed class PostgresMessageLog(NpgsqlDataSource dataSource) : IMessageLog
{
    private const string Columns = PostgresMessageRows.Columns;

    private readonly PostgresMessageWriter _writer = new(dataSource);

    /// <inheritdoc />
    public Task AppendAsync(IReadOnlyList<ChatMessage> messages, CancellationToken cancellationToken = default)
    {
        if (messages.Count == 0)
        {
            return Task.CompletedTask;
        }

        cancellationToken.ThrowIfCancellationRequested();
        return _writer.AppendAsync(messages);
    }

    /// <summary>The group commit under <see cref="AppendAsync"/>.</summary>
    internal PostgresMessageWriter Writer => _writer;

    /// <inheritdoc />
    public Task<IReadOnlyList<ChatMessage>> ReadTailAsync(string roomId, int count, CancellationToken cancellationToken = default) =>
        ReadAsync($"SELECT * FROM (SELECT {Columns} FROM chapp_messages WHERE room_id = $1 ORDER BY seq DESC LIMIT $3) AS page ORDER BY seq",
            roomId, 0, count, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ChatMessage>> ReadLatestAsync(string roomId, int count, CancellationToken cancellationToken = default) =>
        ReadAsync($"SELECT * FROM (SELECT {Columns} FROM chapp_messages WHERE room_id = $1 AND kind = 0 ORDER BY seq DESC LIMIT $3) AS page ORDER BY seq",
            roomId, 0, count, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ChatMessage>> ReadBeforeAsync(string roomId, long beforeSeq, int count, CancellationToken cancellationToken = default) =>
        ReadAsync($"SELECT * FROM (SELECT {Columns} FROM chapp_messages WHERE room_id = $1 AND seq < $2 AND kind = 0 ORDER BY seq DESC LIMIT $3) AS page ORDER BY seq",
            roomId, beforeSeq, count, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ChatMessage>> ReadAfterAsync(string roomId, long afterSeq, int count, CancellationToken cancellationToken = default) =>
        ReadAsync($"SELECT {Columns} FROM chapp_messages WHERE room_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
            roomId, afterSeq, count, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<RoomLast>> ReadLastAsync(string reader, IReadOnlyCollection<RoomReadPosition> rooms, CancellationToken cancellationToken = default)
    {
        if (rooms.Count == 0)
        {
            return [];
        }

        // One round trip; per room, the newest message is a short backward walk on the (room_id, seq) primary key, and
        // the unread count a forward walk from the read position that stops at the cap.
        await using var command = dataSource.CreateCommand("""
            SELECT r.id, m.seq, m.sent_at, u.n
            FROM unnest($1::text[], $2::bigint[]) AS r(id, read)
            CROSS JOIN LATERAL (SELECT seq, sent_at FROM chapp_messages WHERE room_id = r.id AND kind = 0 ORDER BY seq DESC LIMIT 1) AS m
            CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM (SELECT 1 FROM chapp_messages
                                                                WHERE room_id = r.id AND seq > r.read AND kind = 0 AND NOT deleted
                                                                  AND lower(author) <> lower($3)
                                                                LIMIT $4) AS w) AS u
            """);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = rooms.Select(r => r.RoomId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = rooms.Select(r => r.ReadSeq).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = reader });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = RoomLast.MaxUnread });
        await using var dataReader = await command.ExecuteReaderAsync(cancellationToken);
        var lasts = new List<RoomLast>(rooms.Count);
        while (await dataReader.ReadAsync(cancellationToken))
        {
            lasts.Add(new RoomLast(
                dataReader.GetString(0), dataReader.GetInt64(1), new DateTimeOffset(dataReader.GetFieldValue<DateTime>(2), TimeSpan.Zero), dataReader.GetInt32(3)));
        }

        return lasts;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ChatMessage>> FindByClientIdsAsync(string roomId, IReadOnlyCollection<MessageKey> keys, CancellationToken cancellationToken = default)
    {
        if (keys.Count == 0)
        {
            return [];
        }

        // One round trip for the whole batch; the join rides the (room_id, author, client_message_id) unique index.
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM chapp_messages WHERE room_id = $1 " +
            "AND (author, client_message_id) IN (SELECT * FROM unnest($2::text[], $3::text[]))");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = roomId });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = keys.Select(k => k.Author).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = keys.Select(k => k.ClientMessageId).ToArray() });
        return await PostgresMessageRows.ReadAllAsync(command, cancellationToken);
    }

    private async Task<IReadOnlyList<ChatMessage>> ReadAsync(string sql, string roomId, long seq, int count, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = roomId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = seq });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = count });
        return await PostgresMessageRows.ReadAllAsync(command, cancellationToken);
    }
}
