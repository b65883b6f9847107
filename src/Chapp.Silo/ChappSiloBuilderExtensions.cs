using System.Net;
using Chapp.Grains;
using Chapp.Grains.Search;
using Chapp.Silo.Idle;
using Chapp.Silo.Startup;
using Chapp.Silo.Storage;
using Chapp.Silo.Streams;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Dashboard;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Statistics;

namespace Chapp.Silo;

/// <summary>All silo wiring of Chapp, in one place.</summary>
public static class ChappSiloBuilderExtensions
{
    /// <summary>
    /// Co-hosts a Chapp silo in this app, configured by the <c>Chapp</c> section of configuration
    /// (<see cref="ChappOptions"/>): clustering, storage, streams, message log, schema and dashboard.
    /// </summary>
    public static IHostApplicationBuilder AddChappSilo(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(ChappOptions.SectionName);
        builder.Services.AddOptions<ChappOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<StreamQueueOptions>().Bind(section.GetSection("Streams"));
        builder.Services.AddOptions<RoomOptions>().Bind(section.GetSection("Rooms")).ValidateDataAnnotations().ValidateOnStart();
        var options = section.Get<ChappOptions>() ?? new ChappOptions();
        var database = new ChappDatabase(
            options.Database, options.ResolveConnectionString(builder.Environment.ContentRootPath), options.PostgresMaxConnections);

        // Registered ahead of the silo, so it runs first: one process per SQLite file, ports of its own.
        builder.Services.AddHostedService(services => new StartGuard(database, services.GetRequiredService<IOptions<EndpointOptions>>()));

        builder.UseOrleans(silo =>
        {
            if (database.Kind == DatabaseKind.Sqlite)
            {
                // SQLite has no clustering provider: the embedded mode is one silo on localhost.
                silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
                // No other silo reads this one's load: publishing it every second only wakes an idle server.
                silo.Configure<DeploymentLoadPublisherOptions>(o => o.DeploymentLoadPublisherRefreshTime = TimeSpan.Zero);
            }
            else
            {
                silo.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = options.ClusterId;
                    o.ServiceId = options.ServiceId;
                });
                silo.ConfigureEndpoints(IPAddress.Parse(options.AdvertisedAddress), options.SiloPort, options.GatewayPort);
                // Faster than Orleans' defaults (5 s, 3 probes): a crashed silo's rooms come back within seconds.
                silo.Configure<ClusterMembershipOptions>(o =>
                {
                    o.ProbeTimeout = options.ProbeTimeout;
                    o.NumMissedProbesLimit = options.MissedProbesLimit;
                });
                silo.Configure<DeploymentLoadPublisherOptions>(o => o.DeploymentLoadPublisherRefreshTime = options.LoadPublishPeriod);
                silo.UseAdoNetClustering(o =>
                {
                    o.Invariant = database.Invariant;
                    o.ConnectionString = database.StorageConnectionString;
                });
            }

            if (options.SiloTls.Enabled)
            {
                silo.UseChappSiloTls(options.SiloTls, builder.Environment.ContentRootPath);
            }

            silo.Configure<GrainDirectoryOptions>(o => o.CacheSize = options.GrainDirectoryCacheSize);
            silo.AddChapp(database, peerless: database.Kind == DatabaseKind.Sqlite);
            // Development only, like its endpoints: in production it would collect statistics nobody can see.
            if (options.Dashboard && builder.Environment.IsDevelopment())
            {
                silo.AddDashboard();
            }
        });

        return builder;
    }

    /// <summary>
    /// Grain storage, streams, message log and schema for <paramref name="database"/>; clustering is the caller's.
    /// Tests call this on a TestingHost silo. <paramref name="peerless"/>: this silo is alone by construction (the
    /// embedded mode's localhost clustering), so membership's peer-probing machinery may sleep (<see cref="MembershipClock"/>).
    /// </summary>
    public static ISiloBuilder AddChapp(this ISiloBuilder silo, ChappDatabase database, bool peerless = false)
    {
        silo.Services.AddSingleton(database);
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SchemaLifecycleParticipant>();
        silo.Services.TryAddSingleton(TimeProvider.System);
        // A silo without a web side delivers by the stream only; the web side puts its own feeds here.
        silo.Services.TryAddSingleton<ILocalRoomDelivery>(NoLocalRoomDelivery.Instance);
        silo.Services.TryAddSingleton<IRoomStreamAudience>(AnyProcessAudience.Instance);
        if (peerless)
        {
            silo.Services.AddKeyedSingleton<TimeProvider>(TimeProviderNames.Membership, (_, _) => new MembershipClock(peerless: true));
        }
        else
        {
            silo.Services.AddSingleton<SiloPeers>();
            silo.Services.AddHostedService<PeerWatch>();
            silo.Services.AddKeyedSingleton<TimeProvider>(
                TimeProviderNames.Membership, (services, _) => new MembershipClock(peers: services.GetRequiredService<SiloPeers>()));
        }

        // Orleans' own provider keeps a runtime EventCounters listener polling every second; this one reads on demand.
        silo.Services.RemoveAll<IEnvironmentStatisticsProvider>();
        silo.Services.AddSingleton<IEnvironmentStatisticsProvider>(services => new OnDemandEnvironmentStatistics(services.GetRequiredService<OrleansInstruments>().Meter));

        if (database.Kind == DatabaseKind.Sqlite)
        {
            // Registered on its own so the container disposes it (its writer loop flushes on dispose).
            silo.Services.AddSingleton(_ => new SqliteMessageLog(database.ConnectionString));
            silo.Services.AddSingleton<IMessageLog>(services => new MeasuredMessageLog(services.GetRequiredService<SqliteMessageLog>()));
            silo.Services.AddSingleton<IMessageSearch>(services =>
                new SqliteMessageSearch(database.ConnectionString, services.GetRequiredService<SqliteMessageLog>()));
        }
        else
        {
            silo.Services.AddSingleton(_ => PostgresDataSource.Create(database.LogConnectionString));
            silo.Services.AddSingleton<PostgresMessageLog>();
            silo.Services.AddSingleton<IMessageLog>(services => new MeasuredMessageLog(services.GetRequiredService<PostgresMessageLog>()));
            silo.Services.AddSingleton<IMessageSearch, PostgresMessageSearch>();
        }

        silo.AddAdoNetGrainStorage(ChappNames.GrainStorage, o =>
        {
            o.Invariant = database.Invariant;
            o.ConnectionString = database.StorageConnectionString;
        });

        if (database.Kind == DatabaseKind.Sqlite)
        {
            // One silo: subscriptions end with it, and the web side subscribes again when its connections come back.
            silo.AddMemoryGrainStorage(ChappNames.PubSubStore);
        }
        else
        {
            // A cluster: a stream's subscribers and producers must survive the silo that held them. Lost with a
            // crashed silo, a surviving pulling agent would keep its stale list and never hear of new subscriptions.
            silo.Services.AddHostedService<StreamAgentRestart>();
            silo.AddAdoNetGrainStorage(ChappNames.PubSubStore, o =>
            {
                o.Invariant = database.Invariant;
                o.ConnectionString = database.StorageConnectionString;
            });
        }
        silo.AddChappStreams(ChappNames.StreamProvider);

        return silo;
    }
}
