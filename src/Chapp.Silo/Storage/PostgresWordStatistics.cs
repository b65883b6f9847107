using Chapp.Grains.Search;
using Npgsql;

namespace Chapp.Silo.Storage;

/// <summary>
/// What PostgreSQL's own statistics say about the message words (the <c>chapp_messages_words_stats</c> object of
/// postgresql.additions.sql, refreshed by ANALYZE and autovacuum): the share of messages holding each of the
/// most common words, the rows, and the rooms. Enough to tell, before searching, whether one scan over the
/// readable rooms or a walk per room reads fewer rows (<see cref="Choose"/>).
/// </summary>
public sealed record PostgresWordStatistics(IReadOnlyDictionary<string, double> Frequencies, double RareFrequency, double Rows, double Rooms)
{
    // A walked row costs about twice a row the GIN scan found: the walk also computes the row's words.
    private const double WalkCost = 2.0;

    /// <summary>
    /// Reads the statistics; null when there are none to read (never analyzed, or the role may not see them: the
    /// views show a table's statistics to its owner only).
    /// </summary>
    public static async Task<PostgresWordStatistics?> LoadAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT e.most_common_elems::text::text[], e.most_common_elem_freqs, c.reltuples,
                   (SELECT CASE WHEN s.n_distinct >= 0 THEN s.n_distinct ELSE -s.n_distinct * c.reltuples END
                    FROM pg_stats AS s WHERE s.schemaname = current_schema() AND s.tablename = 'chapp_messages' AND s.attname = 'room_id')
            FROM pg_class AS c
            JOIN pg_stats_ext_exprs AS e ON e.statistics_name = 'chapp_messages_words_stats' AND e.statistics_schemaname = current_schema()
            WHERE c.oid = 'chapp_messages'::regclass
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken) || reader.IsDBNull(3))
        {
            return null;
        }

        var words = reader.IsDBNull(0) ? [] : reader.GetFieldValue<string[]>(0);
        var shares = reader.IsDBNull(1) ? [] : reader.GetFieldValue<float[]>(1);
        var frequencies = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < words.Length && i < shares.Length; i++)
        {
            frequencies[words[i]] = shares[i];
        }

        // After the words' shares come the lowest share, the highest and the null share: a word not listed is rarer
        // than the lowest. The planner takes half of it; so do we.
        var rare = shares.Length > words.Length ? shares[words.Length] / 2.0 : 0.0;
        return new PostgresWordStatistics(frequencies, rare, Math.Max(0, reader.GetFloat(2)), Math.Max(1, reader.GetDouble(3)));
    }

    /// <summary>
    /// The path that reads fewer rows for <paramref name="query"/> in <paramref name="readableRooms"/> rooms when
    /// <paramref name="wanted"/> matches are needed: one scan reads every match in those rooms, a walk per room
    /// reads about <paramref name="wanted"/> ÷ share rows in each (at most the whole room). Words are taken as
    /// independent, as the planner does.
    /// </summary>
    public PostgresSearchPath Choose(SearchQuery query, int readableRooms, int wanted)
    {
        var share = 1.0;
        foreach (var term in query.Terms)
        {
            share *= Frequencies.TryGetValue(term, out var frequency) ? frequency : RareFrequency;
        }

        var rowsPerRoom = Rows / Rooms;
        var readableRows = rowsPerRoom * Math.Min(readableRooms, Rooms);
        var acrossRooms = share * readableRows;
        var perRoom = share <= 0 ? double.MaxValue : readableRooms * Math.Min(rowsPerRoom, wanted / share) * WalkCost;
        return acrossRooms <= perRoom ? PostgresSearchPath.AcrossRooms : PostgresSearchPath.PerRoom;
    }
}
