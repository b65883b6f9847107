using Chapp.Silo;
using Chapp.Silo.Streams;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.TestingHost;

namespace Chapp.Grains.Tests;

/// <summary>
/// One real Orleans test cluster (a silo with Chapp's storage, log and streams on a temp SQLite file) shared by
/// the grain tests, with a client that can subscribe to streams.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    /// <summary>The presence expiry of this cluster (the app's is 60 s).</summary>
    public static readonly TimeSpan PresenceExpiry = TimeSpan.FromSeconds(3);

    private readonly TempSqliteFile _database = new();

    /// <summary>The running cluster.</summary>
    public TestCluster Cluster { get; private set; } = null!;

    /// <summary>The database the cluster stores into, for checking what was (not) stored.</summary>
    public string ConnectionString => _database.ConnectionString;

    /// <summary>Arms message-log faults for one room of the silo (the log is wrapped in <see cref="FaultyMessageLog"/>).</summary>
    public MessageLogFaults Faults =>
        ((InProcessSiloHandle)Cluster.Primary!).SiloHost!.Services.GetRequiredService<MessageLogFaults>();

    /// <summary>Creates a public room with a fresh id and returns the id.</summary>
    public async Task<string> NewPublicRoomAsync()
    {
        var id = "t-" + Guid.NewGuid().ToString("N")[..12];
        await Cluster.GrainFactory.GetRoom(id).Create("Test " + id, RoomKind.Public, "alice", []);
        return id;
    }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(1);
        builder.Properties["SqliteConnectionString"] = _database.ConnectionString;
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        _database.Dispose();
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddChapp(new ChappDatabase(DatabaseKind.Sqlite, siloBuilder.Configuration["SqliteConnectionString"]!));
            // Presence expiry is tested in seconds, not minutes; nothing else here depends on it.
            siloBuilder.Services.Configure<PresenceOptions>(o => o.Expiry = PresenceExpiry);
            // CHAPP_TEST_SILO_LOG=<file>: the silo's Orleans warnings and stream traces, for chasing a delivery fault.
            if (Environment.GetEnvironmentVariable("CHAPP_TEST_SILO_LOG") is { } logFile)
            {
                siloBuilder.Services.AddLogging(l => l.AddProvider(new Streams.FileLogger(logFile)).AddFilter<Streams.FileLogger>(null, LogLevel.Trace));
            }

            // The real log, wrapped so a test can make one room's appends fail.
            var real = siloBuilder.Services.Last(d => d.ServiceType == typeof(IMessageLog));
            siloBuilder.Services.Remove(real);
            siloBuilder.Services.AddSingleton<MessageLogFaults>();
            siloBuilder.Services.AddSingleton<IMessageLog>(services => new FaultyMessageLog(
                (IMessageLog)(real.ImplementationFactory?.Invoke(services) ?? ActivatorUtilities.CreateInstance(services, real.ImplementationType!)),
                services.GetRequiredService<MessageLogFaults>()));
        }
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) =>
            clientBuilder.AddChappStreams(ChappNames.StreamProvider);
    }
}

/// <summary>The grain tests share one cluster.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "cluster";
}
