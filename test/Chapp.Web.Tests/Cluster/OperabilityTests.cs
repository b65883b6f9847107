using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Chapp.Grains;
using Chapp.Grains.Tests;
using Npgsql;

namespace Chapp.Web.Tests.Cluster;

/// <summary>
/// What an operator sees of one real Chapp process on PostgreSQL: a clean start-up log, liveness and readiness, and
/// metrics on their own local port.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed partial class OperabilityTests(OperabilityTests.Node node) : IClassFixture<OperabilityTests.Node>
{
    [Fact]
    public void A_normal_start_logs_no_warning()
    {
        var warnings = node.StartupLog.Split('\n')
            .Where(l => l.StartsWith("warn:", StringComparison.Ordinal) || l.StartsWith("fail:", StringComparison.Ordinal)
                || l.StartsWith("crit:", StringComparison.Ordinal))
            .ToArray();

        Assert.True(warnings.Length == 0, "The start logged:\n" + node.StartupLog);
        Assert.Contains("Application started", node.StartupLog);
    }

    [Fact]
    public async Task Readyz_answers_503_while_the_database_is_unreachable_and_200_again_when_it_is_back()
    {
        using var http = new HttpClient { BaseAddress = node.Url };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/readyz")).StatusCode);

        await node.SetDatabaseReachable(false);
        try
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await Eventually(http, "/readyz", HttpStatusCode.ServiceUnavailable));
            // Liveness is not readiness: the process is alive, and restarting it would not bring the database back.
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        }
        finally
        {
            await node.SetDatabaseReachable(true);
        }

        Assert.Equal(HttpStatusCode.OK, await Eventually(http, "/readyz", HttpStatusCode.OK));
    }

    [Fact]
    public async Task Metrics_count_a_sent_message_on_the_local_metrics_port_and_are_not_on_the_public_port()
    {
        await using var user = await TestUser.SignUpAsync(node.Url);
        var (connection, _) = await user.ConnectToRoomAsync(ChappNames.LobbyRoomId);
        using var metrics = new HttpClient { BaseAddress = node.MetricsUrl };
        var before = StoredCount(await metrics.GetStringAsync("/metrics"));

        await TestUser.SendAsync(connection, ChappNames.LobbyRoomId, "counted");

        var after = before;
        for (var i = 0; i < 50 && after == before; i++)
        {
            await Task.Delay(200); // The exporter caches a scrape briefly.
            after = StoredCount(await metrics.GetStringAsync("/metrics"));
        }

        Assert.Equal(before + 1, after);
        var scrape = await metrics.GetStringAsync("/metrics");
        Assert.Contains("chapp_commit_duration_seconds_bucket", scrape);
        Assert.Contains("chapp_connections", scrape);

        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = node.Url };
        using var publicAnswer = await anonymous.GetAsync("/metrics");
        Assert.NotEqual(HttpStatusCode.OK, publicAnswer.StatusCode);
        Assert.DoesNotContain("chapp_messages_stored", await publicAnswer.Content.ReadAsStringAsync());
        using var signedInAnswer = await user.Http.GetAsync("/metrics");
        Assert.NotEqual(HttpStatusCode.OK, signedInAnswer.StatusCode);
        Assert.DoesNotContain("chapp_messages_stored", await signedInAnswer.Content.ReadAsStringAsync());
    }

    private static async Task<HttpStatusCode> Eventually(HttpClient http, string path, HttpStatusCode wanted)
    {
        var status = HttpStatusCode.OK;
        for (var i = 0; i < 60; i++)
        {
            using var answer = await http.GetAsync(path);
            status = answer.StatusCode;
            if (status == wanted)
            {
                break;
            }

            await Task.Delay(250);
        }

        return status;
    }

    private static long StoredCount(string scrape)
    {
        var match = StoredPattern().Match(scrape);
        return match.Success ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    [GeneratedRegex(@"^chapp_messages_stored_total(?:\{[^}]*\})? (\d+)", RegexOptions.Multiline)]
    private static partial Regex StoredPattern();

    /// <summary>One Chapp process on a fresh PostgreSQL database with metrics on a local port; its start-up log.</summary>
    public sealed class Node : IAsyncLifetime
    {
        private PostgresDatabase? _database;
        private ChappProcess? _process;

        /// <summary>The public URL.</summary>
        public Uri Url => _process!.BaseAddress;

        /// <summary>The metrics listener's URL.</summary>
        public Uri MetricsUrl { get; private set; } = null!;

        /// <summary>Everything the process logged until a few seconds after it was ready.</summary>
        public string StartupLog { get; private set; } = string.Empty;

        /// <inheritdoc />
        public async Task InitializeAsync()
        {
            _database = await PostgresDatabase.CreateAsync();
            var metricsPort = AppFixture.FreePort();
            MetricsUrl = new Uri($"http://127.0.0.1:{metricsPort.ToString(CultureInfo.InvariantCulture)}/");
            _process = await ChappProcess.StartAsync(new Dictionary<string, string>
            {
                // The levels a normal start has (appsettings.json), not the test helper's quieter default.
                ["Logging__LogLevel__Default"] = "Information",
                ["Chapp__Database"] = "PostgreSql",
                ["Chapp__PostgresConnectionString"] = _database.ConnectionString,
                ["Chapp__ClusterId"] = "ops-" + Guid.NewGuid().ToString("N")[..8],
                ["Chapp__Metrics__Port"] = metricsPort.ToString(CultureInfo.InvariantCulture),
            });
            // The watchdog's first checks run within a second or two of the silo starting.
            await Task.Delay(TimeSpan.FromSeconds(3));
            StartupLog = _process.Output;
        }

        /// <summary>Makes the database refuse (or accept again) connections, dropping the ones open now.</summary>
        public async Task SetDatabaseReachable(bool reachable)
        {
            await using var connection = new NpgsqlConnection(PostgresDatabase.ServerConnectionString);
            await connection.OpenAsync();
            var name = _database!.Name;
            await using var command = new NpgsqlCommand(reachable
                ? $"ALTER DATABASE {name} WITH ALLOW_CONNECTIONS true"
                : $"ALTER DATABASE {name} WITH ALLOW_CONNECTIONS false; SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'",
                connection);
            await command.ExecuteNonQueryAsync();
        }

        /// <inheritdoc />
        public async Task DisposeAsync()
        {
            if (_process is not null)
            {
                await _process.DisposeAsync();
            }

            if (_database is not null)
            {
                await _database.DisposeAsync();
            }
        }
    }
}
