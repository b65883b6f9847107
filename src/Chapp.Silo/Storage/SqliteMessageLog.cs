using System.Text.Json;
using System.Threading.Channels;
using Chapp.Grains;
using Microsoft.Data.Sqlite;

namespace Chapp.Silo.Storage;

/// <summary>
/// The message log in a SQLite file. SQLite takes one writer at a time, so every room's appends go through a
/// single writer loop that commits whatever has queued up in one transaction (group commit across rooms);
/// readers use their own pooled connections and, with WAL, never wait for the writer.
/// </summary>
public sealed class SqliteMessageLog : IMessageLog, IAsyncDisposable
{
    private const string InsertColumns =
        "room_id, seq, message_id, author, author_name, body, sent_at, client_message_id, kind, target_seq, edited_at, deleted, reactions";

    // changed_seq stays NULL until an event changes the message: a message's own seq is its first state.
    private const string Columns = InsertColumns + ", coalesce(changed_seq, seq)";

    private const string IsMessage = "kind = 0";

    // Bounds one transaction so a burst cannot hold the write lock for long.
    private const int MaxMessagesPerCommit = 2000;

    private readonly string _connectionString;
    private readonly Channel<AppendRequest> _appends = Channel.CreateUnbounded<AppendRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    /// <summary>Starts the writer loop on a SQLite database that already has Chapp's schema.</summary>
    public SqliteMessageLog(string connectionString)
    {
        _connectionString = connectionString;
        _writer = Task.Run(WriteLoop);
    }

    /// <inheritdoc />
    public Task AppendAsync(IReadOnlyList<ChatMessage> messages, CancellationToken cancellationToken = default)
    {
        var request = new AppendRequest(messages);
        if (!_appends.Writer.TryWrite(request))
        {
            throw new ObjectDisposedException(nameof(SqliteMessageLog));
        }

        return request.Completion;
    }

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
                found.Add(Read(reader));
            }
        }

        return found;
    }

    /// <summary>Finishes queued appends and stops the writer.</summary>
    public async ValueTask DisposeAsync()
    {
        _appends.Writer.TryComplete();
        await _writer;
    }

    private async Task<IReadOnlyList<ChatMessage>> ReadAsync(string sql, string roomId, long seq, int count, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$room", roomId);
        command.Parameters.AddWithValue("$seq", seq);
        command.Parameters.AddWithValue("$count", count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var messages = new List<ChatMessage>();
        while (await reader.ReadAsync(cancellationToken))
        {
            messages.Add(Read(reader));
        }

        return messages;
    }

    private async Task WriteLoop()
    {
        var group = new List<AppendRequest>();
        while (await _appends.Reader.WaitToReadAsync())
        {
            group.Clear();
            var total = 0;
            while (total < MaxMessagesPerCommit && _appends.Reader.TryRead(out var request))
            {
                group.Add(request);
                total += request.Messages.Count;
            }

            SqliteConnection? connection = null;
            try
            {
                // Pooled: reopening per commit is cheap and recovers by itself from a broken connection.
                connection = await OpenAsync(CancellationToken.None);
                Insert(connection, group);
                group.ForEach(r => r.Succeed());
            }
            catch (SqliteException) when (group.Count > 1 && connection is not null)
            {
                // One bad request (say a seq that is already taken) must not fail the rooms it shared a commit with.
                foreach (var request in group)
                {
                    try
                    {
                        Insert(connection, [request]);
                        request.Succeed();
                    }
                    catch (Exception error)
                    {
                        request.Fail(Translate(error));
                    }
                }
            }
            catch (Exception error)
            {
                group.ForEach(r => r.Fail(Translate(error)));
            }
            finally
            {
                connection?.Dispose();
            }
        }
    }

    // SQLite names the violated columns; the other unique key, (room_id, seq), would mean two writers for one room.
    private static Exception Translate(Exception error) =>
        error is SqliteException { SqliteErrorCode: 19 } constraint && constraint.Message.Contains("client_message_id", StringComparison.Ordinal)
            ? new DuplicateMessageException(constraint.Message, constraint)
            : error;

    private static void Insert(SqliteConnection connection, List<AppendRequest> group)
    {
        // Synchronous on purpose: Microsoft.Data.Sqlite has no real async I/O, and this loop owns its thread.
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO chapp_messages ({InsertColumns}) " +
            "VALUES ($room, $seq, $id, $author, $name, $body, $sent, $client, $kind, $target, $edited, $deleted, $reactions)";
        var room = command.Parameters.Add("$room", SqliteType.Text);
        var seq = command.Parameters.Add("$seq", SqliteType.Integer);
        var id = command.Parameters.Add("$id", SqliteType.Text);
        var author = command.Parameters.Add("$author", SqliteType.Text);
        var name = command.Parameters.Add("$name", SqliteType.Text);
        var body = command.Parameters.Add("$body", SqliteType.Text);
        var sent = command.Parameters.Add("$sent", SqliteType.Integer);
        var client = command.Parameters.Add("$client", SqliteType.Text);
        var kind = command.Parameters.Add("$kind", SqliteType.Integer);
        var target = command.Parameters.Add("$target", SqliteType.Integer);
        var edited = command.Parameters.Add("$edited", SqliteType.Integer);
        var deleted = command.Parameters.Add("$deleted", SqliteType.Integer);
        var reactions = command.Parameters.Add("$reactions", SqliteType.Text);
        command.Prepare();
        SqliteCommand? update = null;
        foreach (var message in group.SelectMany(r => r.Messages))
        {
            room.Value = message.RoomId;
            seq.Value = message.Seq;
            id.Value = message.Id.ToString("D");
            author.Value = message.Author;
            name.Value = message.AuthorName;
            body.Value = message.Text;
            sent.Value = message.SentAt.ToUnixTimeMilliseconds();
            client.Value = message.ClientMessageId;
            kind.Value = (int)message.Kind;
            target.Value = message.IsMessage ? DBNull.Value : message.TargetSeq;
            edited.Value = message.EditedAt is { } at ? at.ToUnixTimeMilliseconds() : DBNull.Value;
            deleted.Value = message.Deleted ? 1 : 0;
            reactions.Value = (object?)ReactionsJson.Write(message.Reactions) ?? DBNull.Value;
            command.ExecuteNonQuery();
            if (!message.IsMessage)
            {
                // The event row carries its message's whole new state: the message is rewritten to it in place.
                update ??= PrepareUpdate(connection, transaction);
                update.Parameters["$room"].Value = message.RoomId;
                update.Parameters["$target"].Value = message.TargetSeq;
                update.Parameters["$body"].Value = message.Text;
                update.Parameters["$edited"].Value = edited.Value;
                update.Parameters["$deleted"].Value = deleted.Value;
                update.Parameters["$reactions"].Value = reactions.Value;
                update.Parameters["$changed"].Value = message.Seq;
                update.ExecuteNonQuery();
            }
        }

        update?.Dispose();
        transaction.Commit();
    }

    private static SqliteCommand PrepareUpdate(SqliteConnection connection, SqliteTransaction transaction)
    {
        var update = connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = "UPDATE chapp_messages SET body = $body, edited_at = $edited, deleted = $deleted, " +
            "reactions = $reactions, changed_seq = $changed WHERE room_id = $room AND seq = $target AND kind = 0";
        update.Parameters.Add("$room", SqliteType.Text);
        update.Parameters.Add("$target", SqliteType.Integer);
        update.Parameters.Add("$body", SqliteType.Text);
        update.Parameters.Add("$edited", SqliteType.Integer);
        update.Parameters.Add("$deleted", SqliteType.Integer);
        update.Parameters.Add("$reactions", SqliteType.Text);
        update.Parameters.Add("$changed", SqliteType.Integer);
        update.Prepare();
        return update;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private static ChatMessage Read(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetInt64(1),
        Guid.Parse(reader.GetString(2)),
        reader.GetString(3),
        reader.GetString(4),
        reader.GetString(5),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
        reader.GetString(7),
        (RoomEventKind)reader.GetInt32(8),
        reader.IsDBNull(9) ? 0 : reader.GetInt64(9),
        reader.IsDBNull(10) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(10)),
        reader.GetInt64(11) != 0,
        ReactionsJson.Read(reader.IsDBNull(12) ? null : reader.GetString(12)),
        reader.GetInt64(13));

    private sealed class AppendRequest(IReadOnlyList<ChatMessage> messages)
    {
        private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IReadOnlyList<ChatMessage> Messages { get; } = messages;

        public Task Completion => _completion.Task;

        public void Succeed() => _completion.TrySetResult();

        public void Fail(Exception error) => _completion.TrySetException(error);
    }
}
