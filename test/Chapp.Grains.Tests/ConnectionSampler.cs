using Npgsql;

namespace Chapp.Grains.Tests;

/// <summary>
/// Watches how many server connections one test database has open, from <c>pg_stat_activity</c>, while a test
/// runs: the most at any sample, in total and per <c>application_name</c> (Chapp names its two pools). Only client
/// connections count: an autovacuum worker visiting the fresh database is the server's, not ours.
/// </summary>
public sealed class ConnectionSampler : IAsyncDisposable
{
    private const string Query =
        "SELECT coalesce(application_name, ''), count(*) FROM pg_stat_activity " +
        "WHERE datname = @db AND backend_type = 'client backend' GROUP BY 1";

    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, long> _peaks = [];
    private readonly Task _loop;
    private long _peak;
    private int _samples;

    private ConnectionSampler(string databaseName) => _loop = Task.Run(() => Loop(databaseName));

    /// <summary>Starts sampling <paramref name="databaseName"/> (from the maintenance database, so the sampler is not counted).</summary>
    public static ConnectionSampler Start(string databaseName) => new(databaseName);

    /// <summary>Stops sampling and returns the most connections seen at once, and per pool name.</summary>
    public async Task<(long Total, IReadOnlyDictionary<string, long> ByName, int Samples)> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        return (_peak, _peaks, _samples);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        _stop.Dispose();
    }

    private async Task Loop(string databaseName)
    {
        await using var connection = new NpgsqlConnection(PostgresDatabase.ServerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(Query, connection);
        command.Parameters.AddWithValue("db", databaseName);
        while (!_stop.IsCancellationRequested)
        {
            long total = 0;
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    var (name, count) = (reader.GetString(0), reader.GetInt64(1));
                    total += count;
                    _peaks[name] = Math.Max(count, _peaks.GetValueOrDefault(name));
                }
            }

            _peak = Math.Max(_peak, total);
            _samples++;
            try
            {
                // Often enough to catch a burst: a pool grows within milliseconds and keeps what it opened for minutes.
                await Task.Delay(5, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
