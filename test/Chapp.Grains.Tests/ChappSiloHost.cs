using System.Net;
using System.Net.Sockets;
using Chapp.Silo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Chapp.Grains.Tests;

/// <summary>
/// A silo started the way the app starts it (<see cref="ChappSiloBuilderExtensions.AddChappSilo"/> reading the
/// <c>Chapp</c> configuration section), on free ports, for tests that restart hosts or run several.
/// </summary>
public sealed class ChappSiloHost : IAsyncDisposable
{
    private readonly IHost _host;

    private ChappSiloHost(IHost host) => _host = host;

    /// <summary>The co-hosted client, as the web app uses it.</summary>
    public IClusterClient Client => _host.Services.GetRequiredService<IClusterClient>();

    /// <summary>Grain factory of this silo.</summary>
    public IGrainFactory Grains => Client;

    /// <summary>Starts a silo on SQLite, with <paramref name="moreSettings"/> added to its configuration.</summary>
    public static Task<ChappSiloHost> StartSqliteAsync(string sqlitePath, IReadOnlyDictionary<string, string?>? moreSettings = null)
    {
        var settings = new Dictionary<string, string?>(moreSettings ?? new Dictionary<string, string?>())
        {
            ["Chapp:Database"] = nameof(DatabaseKind.Sqlite),
            ["Chapp:SqlitePath"] = sqlitePath,
            ["Chapp:ClusterId"] = "test-" + Guid.NewGuid().ToString("N")[..8],
        };
        return StartAsync(settings);
    }

    /// <summary>Starts a silo on PostgreSQL; silos with the same <paramref name="clusterId"/> form one cluster.</summary>
    public static Task<ChappSiloHost> StartPostgresAsync(
        string connectionString, string clusterId, IReadOnlyDictionary<string, string?>? moreSettings = null)
    {
        var settings = new Dictionary<string, string?>(moreSettings ?? new Dictionary<string, string?>())
        {
            ["Chapp:Database"] = nameof(DatabaseKind.PostgreSql),
            ["Chapp:PostgresConnectionString"] = connectionString,
            ["Chapp:ClusterId"] = clusterId,
        };
        return StartAsync(settings);
    }

    /// <summary>The services of the host (the silo's and the co-hosted client's).</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>This silo's silo-to-silo port.</summary>
    public int SiloPort => _host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Orleans.Configuration.EndpointOptions>>().Value.SiloPort;

    private static async Task<ChappSiloHost> StartAsync(Dictionary<string, string?> settings)
    {
        settings["Chapp:SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Chapp:GatewayPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevelWarning();
        builder.AddChappSilo();
        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new ChappSiloHost(host);
    }

    /// <summary>Stops the silo gracefully (grains deactivate and write their state).</summary>
    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(TimeSpan.FromSeconds(30));
        _host.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
