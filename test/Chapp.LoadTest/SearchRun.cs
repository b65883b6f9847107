using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Npgsql;

namespace Chapp.LoadTest;

/// <summary>
/// The search scenario: a log of --prefill messages (default 1,000,000) in 100 public rooms, of which the searching
/// user has 20 in their room list; then one hub connection runs searches of a few shapes one after another and the
/// round trip of each (hub, search grain, database, snippets) is recorded. With --search-db the database is
/// reused when it already holds the messages (SQLite: a file path; PostgreSQL: a database name).
/// </summary>
public sealed class SearchRun(LoadOptions options, Workspace workspace)
{
    private const string Password = "Load-Test-pw-1234";
    private const int Rooms = 100;
    private const int ReadableRooms = 20;

    /// <summary>The query shapes: a name, the text typed.</summary>
    public static readonly (string Shape, string Text)[] Shapes =
    [
        ("common word", SearchCorpus.Word(1)),
        ("mid word", SearchCorpus.Word(200)),
        ("rare word", SearchCorpus.Word(3000)),
        ("two words", SearchCorpus.Word(3) + " " + SearchCorpus.Word(40)),
        ("no match", "nosuchword"),
    ];

    /// <summary>Fills or reuses the database, then measures each shape.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var rows = options.Prefill;
        var database = await DatabaseAsync(cancellationToken);
        var clusterId = $"load-{Guid.NewGuid():N}"[..16];

        await using (var first = await workspace.StartServerAsync(database, 0, clusterId, cancellationToken))
        {
            var existing = await LogPrefill.CountAsync(database, cancellationToken);
            if (existing < rows)
            {
                if (existing > 0)
                {
                    throw new InvalidOperationException($"The database holds {existing:N0} messages, fewer than --prefill {rows:N0}: use a new one.");
                }

                // The searcher creates 20 rooms (they go into their list), four others the other 80.
                var factory = new AccountFactory(first.Url, Password);
                var creators = new List<Account>();
                for (var c = 0; c < Rooms / ReadableRooms; c++)
                {
                    creators.Add(await factory.SignUpOrLogInAsync(c == 0 ? "searcher" : $"other-{c}", cancellationToken));
                }

                var rooms = await RoomFactory.CreateAsync(first.Url, creators, "search", Rooms, 4, cancellationToken);
                await first.StopAsync();
                await LogPrefill.FillAsync(database, SearchCorpus.Rows(rooms, rows), cancellationToken);
            }
            else
            {
                Console.WriteLine($"reusing {existing:N0} messages");
                await first.StopAsync();
            }
        }

        await using var server = await workspace.StartServerAsync(database, 0, clusterId, cancellationToken);
        var account = await new AccountFactory(server.Url, Password).SignUpOrLogInAsync("searcher", cancellationToken);
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(server.Url, "hubs/chat"), HttpTransportType.WebSockets, o => o.Headers["Cookie"] = account.CookieHeader)
            .Build();
        await hub.StartAsync(cancellationToken);

        var perShape = options.N ?? 200;
        Console.WriteLine($"search on {database.Kind}, {rows:N0} messages, {ReadableRooms} of {Rooms} rooms readable, {perShape} searches per shape");
        var all = new LatencyHistogram();
        foreach (var (shape, text) in Shapes)
        {
            var histogram = new LatencyHistogram();
            var hits = 0;
            for (var i = -20; i < perShape; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var page = await hub.InvokeAsync<SearchAnswer>("Search", text, 1, cancellationToken);
                var ended = Stopwatch.GetTimestamp();
                if (i >= 0)
                {
                    histogram.RecordTicks(started, ended);
                    all.RecordTicks(started, ended);
                    hits = page.Results.Count;
                }
            }

            Print(database.Kind, shape, text, hits, histogram.Summarize(), options.JsonOut);
        }

        Print(database.Kind, "all shapes", "", 0, all.Summarize(), options.JsonOut);
    }

    private async Task<DatabaseTarget> DatabaseAsync(CancellationToken cancellationToken)
    {
        if (options.SearchDb is not { } reuse)
        {
            return await workspace.NewDatabaseAsync("search", cancellationToken);
        }

        if (options.Start != "postgres")
        {
            Console.WriteLine($"[search] SQLite file {reuse} (kept)");
            return new DatabaseTarget("sqlite", Path.GetFullPath(reuse), null);
        }

        await using (var admin = new NpgsqlConnection(options.PgAdmin))
        {
            await admin.OpenAsync(cancellationToken);
            await using var exists = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = $1", admin);
            exists.Parameters.Add(new NpgsqlParameter<string> { TypedValue = reuse });
            if ((long)(await exists.ExecuteScalarAsync(cancellationToken))! == 0)
            {
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{reuse}\"", admin);
                await create.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        Console.WriteLine($"[search] PostgreSQL database {reuse} (kept)");
        return new DatabaseTarget("postgres", null, new NpgsqlConnectionStringBuilder(options.PgAdmin) { Database = reuse }.ConnectionString);
    }

    private static void Print(string database, string shape, string text, int hits, LatencySummary s, string? jsonOut)
    {
        var line = string.Create(CultureInfo.InvariantCulture,
            $"search {database,-8} {shape,-12} {text,-22} hits/page {hits,2}  n {s.Count,4}  p50 {s.P50:F2} ms  p99 {s.P99:F2} ms  max {s.Max:F1} ms");
        Console.WriteLine(line);
        if (jsonOut is not null)
        {
            File.AppendAllText(jsonOut, string.Create(CultureInfo.InvariantCulture,
                $"{{\"scenario\":\"search\",\"database\":\"{database}\",\"shape\":\"{shape}\",\"count\":{s.Count},\"p50Ms\":{s.P50:F2},\"p99Ms\":{s.P99:F2}}}\n"));
        }
    }

    /// <summary>The part of the hub's search answer the tool reads.</summary>
    public sealed record SearchAnswer(IReadOnlyList<object> Results);
}
