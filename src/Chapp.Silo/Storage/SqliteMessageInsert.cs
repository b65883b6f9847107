using Chapp.Grains;
using Microsoft.Data.Sqlite;

namespace Chapp.Silo.Storage;

/// <summary>
/// The writer's insert into a SQLite log, prepared once for its connection and reused by every commit: a group of
/// messages goes in one transaction, and an event row (edit, delete, reaction) also rewrites its message in place to
/// the state it carries, in the same transaction.
/// </summary>
/// <remarks>
/// Preparing per commit compiled the statement and built a command and 13 parameters each time: in many small rooms
/// (a commit of one to a few posts) that was most of the insert's CPU and bytes (docs/PERFORMANCE.md, "A post's
/// server cost in many small rooms"). A prepared statement stays valid across transactions on its connection. The
/// transaction is SQL of its own (<c>BEGIN IMMEDIATE</c>, as the writer always took the write lock at once), so the
/// commands carry no <see cref="SqliteTransaction"/>. The owner disposes this with the connection, and a failed
/// commit reopens both.
/// </remarks>
internal sealed class SqliteMessageInsert : IDisposable
{
    // Boxed once: every row sets them, and a box per row is garbage per post.
    private static readonly object Zero = 0, One = 1;

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _begin, _commit, _rollback;
    private readonly SqliteCommand _insert;
    private readonly SqliteParameter _room, _seq, _id, _author, _name, _body, _sent, _client, _kind, _target, _edited, _deleted, _reactions;
    private SqliteCommand? _update;
    private SqliteSearchCatchUp? _catchUp;

    /// <summary>Prepares the insert on <paramref name="connection"/> (open, with Chapp's schema).</summary>
    public SqliteMessageInsert(SqliteConnection connection)
    {
        _connection = connection;
        _insert = connection.CreateCommand();
        _insert.CommandText = $"INSERT INTO chapp_messages ({SqliteMessageRows.InsertColumns}) " +
            "VALUES ($room, $seq, $id, $author, $name, $body, $sent, $client, $kind, $target, $edited, $deleted, $reactions)";
        _room = _insert.Parameters.Add("$room", SqliteType.Text);
        _seq = _insert.Parameters.Add("$seq", SqliteType.Integer);
        _id = _insert.Parameters.Add("$id", SqliteType.Text);
        _author = _insert.Parameters.Add("$author", SqliteType.Text);
        _name = _insert.Parameters.Add("$name", SqliteType.Text);
        _body = _insert.Parameters.Add("$body", SqliteType.Text);
        _sent = _insert.Parameters.Add("$sent", SqliteType.Integer);
        _client = _insert.Parameters.Add("$client", SqliteType.Text);
        _kind = _insert.Parameters.Add("$kind", SqliteType.Integer);
        _target = _insert.Parameters.Add("$target", SqliteType.Integer);
        _edited = _insert.Parameters.Add("$edited", SqliteType.Integer);
        _deleted = _insert.Parameters.Add("$deleted", SqliteType.Integer);
        _reactions = _insert.Parameters.Add("$reactions", SqliteType.Text);
        _insert.Prepare();
        // The transaction's own statements prepared too: BeginTransaction and Commit each build and prepare a command.
        _begin = Prepared(connection, "BEGIN IMMEDIATE;");
        _commit = Prepared(connection, "COMMIT;");
        _rollback = Prepared(connection, "ROLLBACK;");
    }

    /// <summary>
    /// Inserts the messages of every request in <paramref name="requests"/> (each a batch of rows) in one transaction,
    /// and with <paramref name="catchUpSearch"/> indexes every message not yet in the search index in it too.
    /// </summary>
    public void Commit<T>(IReadOnlyList<T> requests, Func<T, IReadOnlyList<ChatMessage>> rows, bool catchUpSearch)
    {
        // Synchronous on purpose: Microsoft.Data.Sqlite has no real async I/O.
        _begin.ExecuteNonQuery();
        try
        {
            // Indexed loops: no enumerators or SelectMany chain per commit.
            for (var r = 0; r < requests.Count; r++)
            {
                var messages = rows(requests[r]);
                for (var i = 0; i < messages.Count; i++)
                {
                    Insert(messages[i]);
                }
            }

            if (catchUpSearch)
            {
                (_catchUp ??= new SqliteSearchCatchUp(_connection)).Run();
            }

            _commit.ExecuteNonQuery();
        }
        catch
        {
            // A failed statement leaves the transaction open (SQLite undoes the statement only): undo all of it, so
            // none of the group is stored, as before. A connection that broke is closed by the writer anyway.
            if (_connection.State == System.Data.ConnectionState.Open && !IsAutocommit())
            {
                try
                {
                    _rollback.ExecuteNonQuery();
                }
                catch (SqliteException)
                {
                    // The writer closes the connection after a failed commit; closing rolls back.
                }
            }

            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _update?.Dispose();
        _catchUp?.Dispose();
        _insert.Dispose();
        _begin.Dispose();
        _commit.Dispose();
        _rollback.Dispose();
    }

    private static SqliteCommand Prepared(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Prepare();
        return command;
    }

    private bool IsAutocommit() => SQLitePCL.raw.sqlite3_get_autocommit(_connection.Handle) != 0;

    private void Insert(ChatMessage message)
    {
        _room.Value = message.RoomId;
        _seq.Value = message.Seq;
        _id.Value = message.Id.ToString("D");
        _author.Value = message.Author;
        _name.Value = message.AuthorName;
        _body.Value = message.Text;
        _sent.Value = message.SentAt.ToUnixTimeMilliseconds();
        _client.Value = message.ClientMessageId;
        _kind.Value = message.IsMessage ? Zero : (int)message.Kind;
        _target.Value = message.IsMessage ? DBNull.Value : message.TargetSeq;
        _edited.Value = message.EditedAt is { } at ? at.ToUnixTimeMilliseconds() : DBNull.Value;
        _deleted.Value = message.Deleted ? One : Zero;
        _reactions.Value = (object?)ReactionsJson.Write(message.Reactions) ?? DBNull.Value;
        _insert.ExecuteNonQuery();
        if (!message.IsMessage)
        {
            // The event row carries its message's whole new state: the message is rewritten to it in place.
            var update = _update ??= PrepareUpdate();
            update.Parameters["$room"].Value = message.RoomId;
            update.Parameters["$target"].Value = message.TargetSeq;
            update.Parameters["$body"].Value = message.Text;
            update.Parameters["$edited"].Value = _edited.Value;
            update.Parameters["$deleted"].Value = _deleted.Value;
            update.Parameters["$reactions"].Value = _reactions.Value;
            update.Parameters["$changed"].Value = message.Seq;
            update.ExecuteNonQuery();
        }
    }

    private SqliteCommand PrepareUpdate()
    {
        var update = _connection.CreateCommand();
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
}
