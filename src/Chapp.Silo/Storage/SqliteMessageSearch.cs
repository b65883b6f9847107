using System.Text.Json;
using Chapp.Grains;
using Chapp.Grains.Search;
using Microsoft.Data.Sqlite;

namespace Chapp.Silo.Storage;

/// <summary>
/// Message search on SQLite's FTS5 index <c>chapp_messages_fts</c>, which the log's writer fills in arrears: a
/// search first has it catch up, so every message stored before the search is found (see sqlite.additions.sql).
/// The index drives the query newest first (rowid order is commit order); each match is checked against the
/// given rooms by one rowid lookup, and the walk stops at the page's end.
/// </summary>
public sealed class SqliteMessageSearch(string connectionString, SqliteMessageLog log) : IMessageSearch
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<ChatMessage>> SearchAsync(
        IReadOnlyCollection<string> roomIds, SearchQuery query, int skip, int count, CancellationToken cancellationToken = default)
    {
        if (roomIds.Count == 0 || count <= 0)
        {
            return [];
        }

        await log.CatchUpSearchAsync().WaitAsync(cancellationToken);
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // CROSS JOIN keeps the FTS index as the outer loop (SQLite never reorders it), so a big room is not scanned.
        command.CommandText = $"""
            SELECT {SqliteMessageRows.ColumnsOf("m")}
            FROM chapp_messages_fts AS f
            CROSS JOIN chapp_messages AS m ON m.rowid = f.rowid
            WHERE chapp_messages_fts MATCH $query
              AND m.room_id IN (SELECT value FROM json_each($rooms))
              AND m.kind = 0 AND m.deleted = 0
            ORDER BY f.rowid DESC
            LIMIT $count OFFSET $skip
            """;
        command.Parameters.AddWithValue("$query", query.ToFts5());
        command.Parameters.AddWithValue("$rooms", JsonSerializer.Serialize(roomIds));
        command.Parameters.AddWithValue("$count", count);
        command.Parameters.AddWithValue("$skip", skip);
        return await SqliteMessageRows.ReadAllAsync(command, cancellationToken);
    }
}
