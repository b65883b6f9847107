using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Chapp.Silo.Startup;

/// <summary>
/// Runs before the silo starts (it is registered ahead of it) and stops the start with a readable reason when
/// this process would share what must be its own: the SQLite file (held until the process ends) or a silo or
/// gateway port.
/// </summary>
internal sealed class StartGuard(ChappDatabase database, IOptions<EndpointOptions> endpoints) : IHostedService, IDisposable
{
    private SqliteWriterLock? _sqliteLock;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (database.Kind == DatabaseKind.Sqlite && SqliteFile(database.ConnectionString) is { } file)
        {
            _sqliteLock = SqliteWriterLock.Acquire(file);
        }

        var options = endpoints.Value;
        PortProbe.EnsureFree(options.SiloListeningEndpoint ?? new IPEndPoint(options.AdvertisedIPAddress, options.SiloPort), "silo port (Chapp:SiloPort)");
        PortProbe.EnsureFree(options.GatewayListeningEndpoint ?? new IPEndPoint(options.AdvertisedIPAddress, options.GatewayPort), "gateway port (Chapp:GatewayPort)");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _sqliteLock?.Dispose();

    private static string? SqliteFile(string connectionString)
    {
        // An in-memory database cannot be shared between processes, so it needs no lock.
        var builder = new SqliteConnectionStringBuilder(connectionString);
        return builder.Mode == SqliteOpenMode.Memory || string.IsNullOrEmpty(builder.DataSource)
            || builder.DataSource.Equals(":memory:", StringComparison.OrdinalIgnoreCase)
            ? null
            : builder.DataSource;
    }
}
