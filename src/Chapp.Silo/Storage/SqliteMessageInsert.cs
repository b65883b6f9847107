using Chapp.Grains;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Chapp.Silo.Storage;

/// <summary>
/// The writer's insert into a SQLite log, prepared once for its connection and reused by every commit: a group of
/// messages goes in one transaction, and an event row (edit, delete, reaction) also rewrites its message in place to
/// the state it carries, in the same transaction.
/// </summary>
/// <remarks>
/// Built on SQLite's own statement calls (SQLitePCLRaw, which Microsoft.Data.Sqlite wraps), not on
/// <see cref="SqliteCommand"/>: a command bound each parameter through a new binder object and a UTF-8 copy of each
/// text, and preparing per commit also compiled the statement and built a command and 13 parameters each time. In
/// many small rooms (a commit of one to a few posts) that was a twentieth of a post's bytes (docs/PERFORMANCE.md, "A
/// post's server cost in many small rooms"). Here a row binds its values straight from the message's strings (SQLite
/// copies them) and allocates nothing. A statement stays valid across transactions on its connection; errors surface
/// as <see cref="SqliteException"/> with SQLite's code and message, as before. The owner disposes this before the
/// connection, and a failed commit reopens both.
/// </remarks>
internal sealed class SqliteMessageInsert : IDisposable
{
    private const string InsertSql = $"INSERT INTO chapp_messages ({SqliteMessageRows.InsertColumns}) " +
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";

    private const string UpdateSql = "UPDATE chapp_messages SET body = ?3, edited_at = ?4, deleted = ?5, " +
        "reactions = ?6, changed_seq = ?7 WHERE room_id = ?1 AND seq = ?2 AND kind = 0";

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _begin, _commit, _rollback, _insert;
    private sqlite3_stmt? _update;

    /// <summary>Prepares the statements on <paramref name="connection"/> (open, with Chapp's schema).</summary>
    public SqliteMessageInsert(SqliteConnection connection)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The writer's connection is not open.");
        // BEGIN IMMEDIATE, as the writer always took the write lock at once (Microsoft.Data.Sqlite's BeginTransaction()).
        _begin = Prepare("BEGIN IMMEDIATE;");
        _commit = Prepare("COMMIT;");
        _rollback = Prepare("ROLLBACK;");
        _insert = Prepare(InsertSql);
    }

    /// <summary>Inserts the messages of every request in <paramref name="requests"/> (each a batch of rows) in one transaction.</summary>
    public void Commit<T>(IReadOnlyList<T> requests, Func<T, IReadOnlyList<ChatMessage>> rows)
    {
        // Synchronous on purpose: SQLite has no async I/O.
        Run(_begin);
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

            Run(_commit);
        }
        catch
        {
            // A failed statement leaves the transaction open (SQLite undoes that statement only): undo all of it, so
            // none of the group is stored, as before.
            if (raw.sqlite3_get_autocommit(_db) == 0)
            {
                raw.sqlite3_step(_rollback);
                raw.sqlite3_reset(_rollback);
            }

            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _update?.Dispose();
        _insert.Dispose();
        _begin.Dispose();
        _commit.Dispose();
        _rollback.Dispose();
    }

    private void Insert(ChatMessage message)
    {
        var s = _insert;
        Text(s, 1, message.RoomId);
        raw.sqlite3_bind_int64(s, 2, message.Seq);
        Span<char> id = stackalloc char[36];
        message.Id.TryFormat(id, out var written, "D");
        raw.sqlite3_bind_text16(s, 3, id[..written]);
        Text(s, 4, message.Author);
        Text(s, 5, message.AuthorName);
        Text(s, 6, message.Text);
        raw.sqlite3_bind_int64(s, 7, message.SentAt.ToUnixTimeMilliseconds());
        Text(s, 8, message.ClientMessageId);
        raw.sqlite3_bind_int64(s, 9, (int)message.Kind);
        NullOr(s, 10, message.IsMessage ? null : message.TargetSeq);
        NullOr(s, 11, message.EditedAt?.ToUnixTimeMilliseconds());
        raw.sqlite3_bind_int64(s, 12, message.Deleted ? 1 : 0);
        var reactions = ReactionsJson.Write(message.Reactions);
        if (reactions is null)
        {
            raw.sqlite3_bind_null(s, 13);
        }
        else
        {
            Text(s, 13, reactions);
        }

        Run(s);
        if (!message.IsMessage)
        {
            // The event row carries its message's whole new state: the message is rewritten to it in place.
            var u = _update ??= Prepare(UpdateSql);
            Text(u, 1, message.RoomId);
            raw.sqlite3_bind_int64(u, 2, message.TargetSeq);
            Text(u, 3, message.Text);
            NullOr(u, 4, message.EditedAt?.ToUnixTimeMilliseconds());
            raw.sqlite3_bind_int64(u, 5, message.Deleted ? 1 : 0);
            if (reactions is null)
            {
                raw.sqlite3_bind_null(u, 6);
            }
            else
            {
                Text(u, 6, reactions);
            }

            raw.sqlite3_bind_int64(u, 7, message.Seq);
            Run(u);
        }
    }

    // An empty text binds as '' (a deleted message's body, NOT NULL: SqliteInsertReuseTests stores one).
    private static void Text(sqlite3_stmt statement, int index, string value) =>
        raw.sqlite3_bind_text16(statement, index, value.AsSpan());

    private static void NullOr(sqlite3_stmt statement, int index, long? value)
    {
        if (value is { } v)
        {
            raw.sqlite3_bind_int64(statement, index, v);
        }
        else
        {
            raw.sqlite3_bind_null(statement, index);
        }
    }

    // One step of a statement that returns no rows, then reset for its next use; an error throws as Microsoft.Data.Sqlite would.
    private void Run(sqlite3_stmt statement)
    {
        var rc = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        if (rc != raw.SQLITE_DONE)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }

    private sqlite3_stmt Prepare(string sql)
    {
        var rc = raw.sqlite3_prepare_v2(_db, sql, out var statement);
        if (rc != raw.SQLITE_OK)
        {
            statement?.Dispose();
            SqliteException.ThrowExceptionForRC(rc, _db);
        }

        return statement ?? throw new InvalidOperationException($"SQLite prepared no statement for: {sql}");
    }
}
