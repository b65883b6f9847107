using Chapp.Grains;
using Chapp.Grains.Search;
using Npgsql;

namespace Chapp.Silo.Storage;

/// <summary>
/// Message search on PostgreSQL's GIN index <c>chapp_messages_words</c> (see postgresql.additions.sql). The words
/// go through <c>plainto_tsquery</c>, which knows no operators, so nothing the user types is read as query syntax.
/// </summary>
public sealed class PostgresMessageSearch(NpgsqlDataSource dataSource) : IMessageSearch
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<ChatMessage>> SearchAsync(
        IReadOnlyCollection<string> roomIds, SearchQuery query, int skip, int count, CancellationToken cancellationToken = default)
    {
        if (roomIds.Count == 0 || count <= 0)
        {
            return [];
        }

        // Per room, newest first, at most a page's worth: the planner picks, per room, between walking the room's
        // (room_id, seq) key backwards with the word filter (a common word: a few rows) and the GIN index (a rare
        // one). A single ORDER BY over all matches would sort every match of a common word. The expression must
        // be the index's, word for word.
        await using var command = dataSource.CreateCommand("""
            SELECT m.room_id, m.seq, m.message_id, m.author, m.author_name, m.body, m.sent_at, m.client_message_id
            FROM unnest($1::text[]) AS r(id)
            CROSS JOIN LATERAL (
                SELECT room_id, seq, message_id, author, author_name, body, sent_at, client_message_id
                FROM chapp_messages
                WHERE room_id = r.id AND kind = 0 AND NOT deleted
                  AND to_tsvector('simple'::regconfig, body) @@ plainto_tsquery('simple'::regconfig, $2)
                ORDER BY seq DESC
                LIMIT $5) AS m
            ORDER BY m.sent_at DESC, m.room_id, m.seq DESC
            LIMIT $3 OFFSET $4
            """);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = roomIds.Distinct().ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = query.ToPlainText() });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = count });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = skip });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = skip + count });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var hits = new List<ChatMessage>();
        while (await reader.ReadAsync(cancellationToken))
        {
            hits.Add(new ChatMessage(
                reader.GetString(0),
                reader.GetInt64(1),
                reader.GetGuid(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetString(5),
                new DateTimeOffset(reader.GetFieldValue<DateTime>(6), TimeSpan.Zero),
                reader.GetString(7)));
        }

        return hits;
    }
}
