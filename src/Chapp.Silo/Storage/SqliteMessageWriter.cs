using System.Threading.Channels;
using Chapp.Grains;
using Microsoft.Data.Sqlite;

namespace Chapp.Silo.Storage;

/// <summary>
/// The single writer of a SQLite message log. SQLite takes one writer at a time, so every room's appends queue here
/// and one loop commits whatever has queued up in one transaction (group commit across rooms).
/// </summary>
internal sealed class SqliteMessageWriter : IAsyncDisposable
{
    // Bounds one transaction so a burst cannot hold the write lock for long.
    private const int MaxMessagesPerCommit = 2000;

    private readonly string _connectionString;
    private readonly Channel<AppendRequest> _appends = Channel.CreateUnbounded<AppendRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    /// <summary>Starts the writer loop on a SQLite database that already has Chapp's schema.</summary>
    public SqliteMessageWriter(string connectionString)
    {
        _connectionString = connectionString;
        _writer = Task.Run(WriteLoop);
    }

    /// <summary>Queues <paramref name="messages"/>; completes when their commit does.</summary>
    public Task AppendAsync(IReadOnlyList<ChatMessage> messages)
    {
        var request = new AppendRequest(messages);
        if (!_appends.Writer.TryWrite(request))
        {
            throw new ObjectDisposedException(nameof(SqliteMessageLog));
        }

        return request.Completion;
    }

    /// <summary>Finishes queued appends and stops the loop.</summary>
    public async ValueTask DisposeAsync()
    {
        _appends.Writer.TryComplete();
        await _writer;
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
        command.CommandText = $"INSERT INTO chapp_messages ({SqliteMessageRows.InsertColumns}) " +
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

    private sealed class AppendRequest(IReadOnlyList<ChatMessage> messages)
    {
        private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IReadOnlyList<ChatMessage> Messages { get; } = messages;

        public Task Completion => _completion.Task;

        public void Succeed() => _completion.TrySetResult();

        public void Fail(Exception error) => _completion.TrySetException(error);
    }
}
