using System.Diagnostics;
using Chapp.Grains;
using Chapp.Grains.Search;
using Npgsql;

namespace Chapp.Silo.Storage;

/// <summary>
/// Message search on PostgreSQL's GIN index <c>chapp_messages_room_words</c> (see postgresql.additions.sql), whose
/// first column is the message's room and second its words. Rare words are read in one scan over all the readable
/// rooms; common words by walking each room's newest rows (<see cref="PostgresSearchPath"/>), whichever the word
/// statistics say reads fewer rows. The words go through <c>plainto_tsquery</c>, which knows no operators, so
/// nothing the user types is read as query syntax.
/// </summary>
public sealed class PostgresMessageSearch : IMessageSearch
{
    // ANALYZE (autovacuum) changes the statistics slowly; reading them once in a while is enough.
    private static readonly TimeSpan StatisticsAge = TimeSpan.FromMinutes(5);

    // The expressions must be the index's, word for word, for the planner to use it.
    private const string Matches =
        "kind = 0 AND NOT deleted AND to_tsvector('simple'::regconfig, body) @@ plainto_tsquery('simple'::regconfig, $2)";

    // One GIN scan: both index columns at once, so only the readable rooms' matches are read, then sorted.
    private static readonly string AcrossRoomsSql = $"""
        SELECT {PostgresMessageRows.Columns} FROM chapp_messages
        WHERE ARRAY[room_id] && $1::text[] AND {Matches}
        ORDER BY sent_at DESC, room_id, seq DESC
        LIMIT $3 OFFSET $4
        """;

    // Per room, newest first, at most a page's worth: the planner walks the room's (room_id, seq) key backwards with
    // the word filter, and stops after a page. A single ORDER BY over all matches would sort every match of a common word.
    private static readonly string PerRoomSql = $"""
        SELECT m.* FROM unnest($1::text[]) AS r(id)
        CROSS JOIN LATERAL (
            SELECT {PostgresMessageRows.Columns} FROM chapp_messages
            WHERE room_id = r.id AND {Matches}
            ORDER BY seq DESC
            LIMIT $5) AS m
        ORDER BY m.sent_at DESC, m.room_id, m.seq DESC
        LIMIT $3 OFFSET $4
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresSearchPath _path;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private PostgresWordStatistics? _statistics;
    private long _statisticsRead; // Stopwatch timestamp; 0 until first read

    /// <summary>A search that picks its path per search from the word statistics.</summary>
    public PostgresMessageSearch(NpgsqlDataSource dataSource)
        : this(dataSource, PostgresSearchPath.Auto)
    {
    }

    /// <summary>A search that always takes <paramref name="path"/> (tests compare the paths).</summary>
    public PostgresMessageSearch(NpgsqlDataSource dataSource, PostgresSearchPath path)
    {
        _dataSource = dataSource;
        _path = path;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ChatMessage>> SearchAsync(
        IReadOnlyCollection<string> roomIds, SearchQuery query, int skip, int count, CancellationToken cancellationToken = default)
    {
        if (roomIds.Count == 0 || count <= 0)
        {
            return [];
        }

        var rooms = roomIds.Distinct().ToArray();
        var path = _path;
        if (path == PostgresSearchPath.Auto)
        {
            var statistics = await StatisticsAsync(cancellationToken);
            path = statistics?.Choose(query, rooms.Length, skip + count) ?? PostgresSearchPath.PerRoom;
        }

        await using var command = _dataSource.CreateCommand(path == PostgresSearchPath.AcrossRooms ? AcrossRoomsSql : PerRoomSql);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = rooms });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = query.ToPlainText() });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = count });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = skip });
        if (path != PostgresSearchPath.AcrossRooms)
        {
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = skip + count });
        }

        return await PostgresMessageRows.ReadAllAsync(command, cancellationToken);
    }

    private async Task<PostgresWordStatistics?> StatisticsAsync(CancellationToken cancellationToken)
    {
        var read = Interlocked.Read(ref _statisticsRead);
        if (read != 0 && Stopwatch.GetElapsedTime(read) < StatisticsAge)
        {
            return _statistics;
        }

        // One reader at a time; the others go on with what is there (null at first: the per-room walk).
        if (!await _refresh.WaitAsync(0, cancellationToken))
        {
            return _statistics;
        }

        try
        {
            _statistics = await PostgresWordStatistics.LoadAsync(_dataSource, cancellationToken);
            Interlocked.Exchange(ref _statisticsRead, Stopwatch.GetTimestamp());
            return _statistics;
        }
        finally
        {
            _refresh.Release();
        }
    }
}
