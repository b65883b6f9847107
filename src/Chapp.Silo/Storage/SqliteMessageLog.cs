using System.Text.Json;
using Chapp.Grains;
using Microsoft.Data.Sqlite;

namespace Chapp.Silo.Storage;

/// <summary>
/// The message log in a SQLite file. Appends go through the single <see cref="SqliteMessageWriter"/> (SQLite takes
/// one writer at a time); readers use their own pooled connections and, with WAL, never wait for the writer.
/// </summary>
public sealed class SqliteMessageLog : IMessageLog, IAsyncDisposable
{
    private const string Columns = SqliteMessageRows.Columns;

    private const string IsMessage = "kind = 0";

    private readonly string _connectionString;
    private readonly SqliteMessageWriter _writer;

    /// <summary>Starts the writer loop on a SQLite database that already has Chapp's schema.</summary>
    public SqliteMessageLog(string connectionString)
        : this(connectionString, SqliteCheckpointer.DefaultInterval)
    {
    }

    /// <summary>With checkpoints at most once per <paramref name="checkpointInterval"/> (tests set it).</summary>
    internal SqliteMessageLog(string connectionString, TimeSpan checkpointInterval)
    {
        _connectionString = connectionString;
        _writer = new SqliteMessageWriter(connectionString, checkpointInterval);
    }

    /// <summary>Checkpoints of the write-ahead log run so far, all off the commit path.</summary>
    internal long Checkpoints => _writer.Checkpoints;

    /// <summary>Checkpoints a commit had to wait for (only when commits came back to back).</summary>
    internal long WriterCheckpoints => _writer.WriterCheckpoints;

    /// <summary>Inserts the writer prepared: one per connection it opened, not one per commit.</summary>
    internal int InsertsPrepared => _writer.InsertsPrepared;

    /// <summary>Completes once every message stored so far is in the search index (it is indexed in arrears).</summary>
    internal Task CatchUpSearchAsync() => _writer.CatchUpSearchAsync();

    /// <inheritdoc />
    public Task AppendAsync(IReadOnlyList<ChatMessage> messages, CancellationToken cancellationToken = default) =>
        _writer.AppendAsync(messages);

    /// <inheritdoc />
    public Task<IReadOnlyList<ChatMessage>> ReadTailAsync(string roomId, int count, CancellationToken cancellationToken = default) =>
        ReadAsync($"SELECT * FROM (SELECT {Columns} FROM chapp_messages WHERE room_id = $room ORDER BY seq DESC LIMIT $count) ORDER BY seq",
            roomId, 0, count, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ChatMessage>> ReadLatestAsync(string roomId, int count, CancellationToken cancellationToken = default) =>
        ReadAsync($"SELECT * FROM (SELECT {Columns} FROM chapp_messages WHERE room_id = $room AND {IsMessage} ORDER BY seq DESC LIMIT $count) ORDER BY seq",
            roomId, 0, count, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ChatMessage>> ReadBeforeAsync(string roomId, long beforeSeq, int count, CancellationToken cancellationToken = default) =>
        ReadAsync($"SELECT * FROM (SELECT {Columns} FROM chapp_messages WHERE room_id = $room AND seq < $seq AND {IsMessage} ORDER BY seq DESC LIMIT $count) ORDER BY seq",
            roomId, beforeSeq, count, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ChatMessage>> ReadAfterAsync(string roomId, long afterSeq, int count, CancellationToken cancellationToken = default) =>
        ReadAsync($"SELECT {Columns} FROM chapp_messages WHERE room_id = $room AND seq > $seq ORDER BY seq LIMIT $count",
            roomId, afterSeq, count, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<RoomLast>> ReadLastAsync(string reader, IReadOnlyCollection<RoomReadPosition> rooms, CancellationToken cancellationToken = default)
    {
        if (rooms.Count == 0)
        {
            return [];
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // The rooms go in as one JSON array of [id, read seq]; per room, the newest message is a short backward walk on
        // the (room_id, seq) key, and the unread count a forward walk from the read position that stops at the cap.
        command.CommandText = """
            WITH r AS (SELECT json_extract(value, '$[0]') AS id, json_extract(value, '$[1]') AS read FROM json_each($rooms))
            SELECT r.id, m.seq, m.sent_at,
                   (SELECT count(*) FROM (SELECT 1 FROM chapp_messages AS u
                                          WHERE u.room_id = r.id AND u.seq > r.read AND u.kind = 0 AND u.deleted = 0
                                            AND u.author <> $reader COLLATE NOCASE
                                          LIMIT $cap))
            FROM r
            JOIN chapp_messages AS m
              ON m.room_id = r.id AND m.seq = (SELECT seq FROM chapp_messages WHERE room_id = r.id AND kind = 0 ORDER BY seq DESC LIMIT 1)
            """;
        command.Parameters.AddWithValue("$rooms", JsonSerializer.Serialize(rooms.Select(r => new object[] { r.RoomId, r.ReadSeq })));
        command.Parameters.AddWithValue("$reader", reader);
        command.Parameters.AddWithValue("$cap", RoomLast.MaxUnread);
        await using var dataReader = await command.ExecuteReaderAsync(cancellationToken);
        var lasts = new List<RoomLast>(rooms.Count);
        while (await dataReader.ReadAsync(cancellationToken))
        {
            lasts.Add(new RoomLast(
                dataReader.GetString(0), dataReader.GetInt64(1), DateTimeOffset.FromUnixTimeMilliseconds(dataReader.GetInt64(2)), dataReader.GetInt32(3)));
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

        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM chapp_messages WHERE room_id = $room AND author = $author AND client_message_id = $client";
        var author = command.Parameters.Add("$author", SqliteType.Text);
        var client = command.Parameters.Add("$client", SqliteType.Text);
        command.Parameters.AddWithValue("$room", roomId);

        // One indexed point lookup per key; each is microseconds, and a batch rarely holds more than a few dozen.
        var found = new List<ChatMessage>();
        foreach (var key in keys)
        {
            author.Value = key.Author;
            client.Value = key.ClientMessageId;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                found.Add(SqliteMessageRows.Read(reader));
            }
        }

        return found;
    }

    /// <summary>Finishes queued appends and stops the writer.</summary>
    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    private async Task<IReadOnlyList<ChatMessage>> ReadAsync(string sql, string roomId, long seq, int count, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$room", roomId);
        command.Parameters.AddWithValue("$seq", seq);
        command.Parameters.AddWithValue("$count", count);
        return await SqliteMessageRows.ReadAllAsync(command, cancellationToken);
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
