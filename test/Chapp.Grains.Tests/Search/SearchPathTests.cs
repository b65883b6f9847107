using Chapp.Grains.Search;
using Chapp.Silo.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Chapp.Grains.Tests.Search;

/// <summary>
/// A word spread over many rooms, some of them not the reader's, with messages edited, deleted and reacted to:
/// every way a store reads the matches (PostgreSQL's one scan over the rooms, its walk per room, the choice between
/// them; SQLite's index walk) must give the same pages, newest first, only from the reader's rooms, each hit in the
/// state history shows, with the "more" flag right at the last page.
/// </summary>
public sealed class SearchPathTests
{
    private const int Rooms = 12;
    private const int ReadableRooms = 8;
    private const int Messages = 61;

    [Fact]
    public async Task On_postgresql_both_paths_and_the_choice_give_the_same_pages_as_the_history()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var host = await ChappSiloHost.StartPostgresAsync(database.ConnectionString, "paths-" + Guid.NewGuid().ToString("N")[..8]);
        var world = await Fill(host.Grains);
        await database.ScalarAsync("ANALYZE chapp_messages");
        var dataSource = host.Services.GetRequiredService<NpgsqlDataSource>();

        foreach (var path in new[] { PostgresSearchPath.AcrossRooms, PostgresSearchPath.PerRoom, PostgresSearchPath.Auto })
        {
            await PagesMatchHistory(host, world, new PostgresMessageSearch(dataSource, path));
        }

        await GrainPagesStopAtTheEnd(host.Grains, world);
    }

    [Fact]
    public async Task On_sqlite_the_pages_are_those_of_the_history()
    {
        using var file = new TempSqliteFile();
        await using var host = await ChappSiloHost.StartSqliteAsync(file.Path);
        var world = await Fill(host.Grains);
        await PagesMatchHistory(host, world, host.Services.GetRequiredService<IMessageSearch>());
        await GrainPagesStopAtTheEnd(host.Grains, world);
    }

    [Fact]
    public void The_statistics_send_rare_words_across_rooms_and_common_ones_room_by_room()
    {
        // 1,000,000 messages in 100 rooms, as the load tool's search scenario; 20 readable rooms, a page of 21.
        var statistics = new PostgresWordStatistics(
            new Dictionary<string, double> { ["lo"] = 0.55, ["ren"] = 0.375, ["kami"] = 0.027 }, 0.0006, 1_000_000, 100);

        Assert.Equal(PostgresSearchPath.PerRoom, statistics.Choose(SearchQuery.Parse("lo"), 20, 21));
        Assert.Equal(PostgresSearchPath.AcrossRooms, statistics.Choose(SearchQuery.Parse("ren kami"), 20, 21));
        Assert.Equal(PostgresSearchPath.AcrossRooms, statistics.Choose(SearchQuery.Parse("kaardor"), 20, 21));
        Assert.Equal(PostgresSearchPath.AcrossRooms, statistics.Choose(SearchQuery.Parse("kami"), 20, 21));
        Assert.Equal(PostgresSearchPath.PerRoom, statistics.Choose(SearchQuery.Parse("lo"), 1, 21));
    }

    private sealed record World(string Reader, string[] Readable, string[] Unreadable);

    // Message i goes to room i mod 12, so the rooms interleave in time; every message says "note", every third
    // "zephyr". The reader has the first 8 rooms (41 messages). Then an edit that adds the word, a delete that removes it, a reaction.
    private static async Task<World> Fill(IGrainFactory grains)
    {
        var reader = "reader_" + Guid.NewGuid().ToString("N")[..8];
        var writer = "writer_" + Guid.NewGuid().ToString("N")[..8];
        var rooms = new string[Rooms];
        for (var r = 0; r < Rooms; r++)
        {
            rooms[r] = "p-" + Guid.NewGuid().ToString("N")[..12];
            await grains.GetRoom(rooms[r]).Create("Paths " + r, RoomKind.Public, writer, []);
            if (r < ReadableRooms)
            {
                await grains.GetUser(reader).JoinRoom(rooms[r]);
            }
        }

        for (var i = 0; i < Messages; i++)
        {
            var text = i % 3 == 0 ? $"zephyr note {i}" : $"plain note {i}";
            await grains.GetRoom(rooms[i % Rooms]).Post(writer, "Writer", text, $"m{i}");

            // Times are whole milliseconds; SQLite breaks ties by commit order, PostgreSQL by room: no ties here.
            await Task.Delay(2);
        }

        // Room 1's first message (i = 1) gains the word; room 0's first (i = 0) is deleted; room 3's first (i = 3) gets a reaction.
        await grains.GetRoom(rooms[1]).Edit(writer, 1, "plain note now with zephyr");
        await grains.GetRoom(rooms[0]).Delete(writer, 1);
        await grains.GetRoom(rooms[3]).React(reader, 1, "👍", true);
        return new World(reader, rooms[..ReadableRooms], rooms[ReadableRooms..]);
    }

    private static async Task PagesMatchHistory(ChappSiloHost host, World world, IMessageSearch search)
    {
        var log = host.Services.GetRequiredService<IMessageLog>();
        var history = new List<ChatMessage>();
        foreach (var room in world.Readable)
        {
            history.AddRange(await log.ReadLatestAsync(room, 1000));
        }

        foreach (var text in new[] { "zephyr", "note", "zephyr note", "nosuchword" })
        {
            var query = SearchQuery.Parse(text);
            var expected = history
                .Where(m => !m.Deleted && query.Terms.All(t => SearchQuery.Words(m.Text).Any(w => w.Equals(t, StringComparison.OrdinalIgnoreCase))))
                .OrderByDescending(m => m.SentAt).ThenBy(m => m.RoomId, StringComparer.Ordinal).ThenByDescending(m => m.Seq)
                .ToList();

            // Pages of 4 (a page's worth per room is all the walk reads), then one page past the end.
            var found = new List<ChatMessage>();
            for (var skip = 0; ; skip += 4)
            {
                var page = await search.SearchAsync(world.Readable, query, skip, 4);
                found.AddRange(page);
                if (page.Count < 4)
                {
                    break;
                }
            }

            Assert.Empty(await search.SearchAsync(world.Readable, query, expected.Count, 4));
            Assert.Equal(expected.Select(State), found.Select(State));
        }

        Assert.Contains(history, m => m.EditedAt is not null && m.Text.Contains("zephyr", StringComparison.Ordinal));
        Assert.Contains(history, m => m.Reactions is { Count: 1 } && m.Text.Contains("zephyr", StringComparison.Ordinal));
    }

    // Everything a result shows: where it is, its text, and its edit, delete and reaction state.
    private static string State(ChatMessage m) =>
        $"{m.RoomId}#{m.Seq} {m.Text} edited={m.EditedAt?.ToUnixTimeMilliseconds()} deleted={m.Deleted} changed={m.ChangedSeq} " +
        string.Join(",", (m.Reactions ?? []).Select(r => r.Emoji + ":" + string.Join("+", r.Users)));

    // 41 readable messages say "note", one of them deleted: two full pages of 20 exactly, the second without "more".
    private static async Task GrainPagesStopAtTheEnd(IGrainFactory grains, World world)
    {
        var first = await grains.GetSearch().Search(world.Reader, "note", 0);
        var second = await grains.GetSearch().Search(world.Reader, "note", 1);
        var third = await grains.GetSearch().Search(world.Reader, "note", 2);

        Assert.Equal((SearchGrain.PageSize, true), (first.Hits.Count, first.HasMore));
        Assert.Equal((SearchGrain.PageSize, false), (second.Hits.Count, second.HasMore));
        Assert.Equal((0, false), (third.Hits.Count, third.HasMore));
        Assert.All(first.Hits.Concat(second.Hits), h => Assert.Contains(h.RoomId, world.Readable));
        Assert.True(first.Hits.Concat(second.Hits).Zip(first.Hits.Concat(second.Hits).Skip(1)).All(p => p.First.SentAt >= p.Second.SentAt));
        var edited = Assert.Single((await grains.GetSearch().Search(world.Reader, "now with zephyr", 0)).Hits);
        Assert.NotNull(edited.EditedAt);
        var reacted = Assert.Single((await grains.GetSearch().Search(world.Reader, "zephyr note 3", 0)).Hits);
        Assert.Equal("👍", Assert.Single(reacted.Reactions!).Emoji);
    }
}
