using Microsoft.Data.Sqlite;

namespace Chapp.Silo.Storage;

/// <summary>
/// Brings the SQLite search index up to date, inside the writer's transaction: every message row past
/// <c>chapp_search_progress.through_rowid</c> goes into <c>chapp_messages_fts</c> in one statement, and the mark
/// moves to the log's last row. Prepared once for the writer's connection, like <see cref="SqliteMessageInsert"/>.
/// </summary>
/// <remarks>
/// One statement for many rows is what makes it cheap: FTS5 writes a segment per commit and flushes at every
/// statement savepoint, so indexing each message in its own commit cost more than storing it (sqlite.additions.sql).
/// The mark is read in the statement, not kept here, so a delete trigger that steps it back is seen.
/// </remarks>
internal sealed class SqliteSearchCatchUp : IDisposable
{
    private readonly SqliteCommand _index;
    private readonly SqliteCommand _advance;

    /// <summary>Prepares both statements on <paramref name="connection"/> (open, with Chapp's schema).</summary>
    public SqliteSearchCatchUp(SqliteConnection connection)
    {
        _index = connection.CreateCommand();
        _index.CommandText =
            "INSERT INTO chapp_messages_fts (rowid, body) SELECT rowid, body FROM chapp_messages " +
            "WHERE rowid > (SELECT through_rowid FROM chapp_search_progress) AND kind = 0 AND deleted = 0";
        _index.Prepare();
        _advance = connection.CreateCommand();
        _advance.CommandText = "UPDATE chapp_search_progress SET through_rowid = (SELECT coalesce(max(rowid), 0) FROM chapp_messages)";
        _advance.Prepare();
    }

    /// <summary>Indexes what is not yet indexed; runs inside a transaction the caller owns.</summary>
    public void Run()
    {
        _index.ExecuteNonQuery();
        _advance.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _index.Dispose();
        _advance.Dispose();
    }
}
