using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Chapp.Silo.Streams;

/// <summary>Registers Chapp's long-polling stream provider on a silo or a client.</summary>
public static class StreamQueueHostingExtensions
{
    /// <summary>
    /// Adds the stream provider <paramref name="name"/>: Orleans persistent streams over <see cref="IStreamQueueGrain"/>
    /// queues, configured by <see cref="StreamQueueOptions"/> (bind or configure them on the services).
    /// </summary>
    public static ISiloBuilder AddChappStreams(this ISiloBuilder silo, string name)
    {
        silo.Services.AddOptions<StreamQueueOptions>().ValidateDataAnnotations().ValidateOnStart();
        // Copies a local feed already took by the room grain's shortcut are not delivered to it again (LocalCopyFilter).
        silo.AddStreamFilter<LocalCopyFilter>(name);
        return silo.AddPersistentStreams(name, StreamQueueAdapterFactory.Create, streams =>
            // The agent's timer only restarts a read loop that stopped; reads themselves wait in the queue grain.
            streams.ConfigurePullingAgent(agent => agent.Configure<IOptions<StreamQueueOptions>>(
                (o, queues) => o.GetQueueMsgsTimerPeriod = queues.Value.PumpRestartPeriod)));
    }

    /// <summary>The same provider on an external client (tests), so it can subscribe and publish.</summary>
    public static IClientBuilder AddChappStreams(this IClientBuilder client, string name)
    {
        client.Services.AddOptions<StreamQueueOptions>();
        return client.AddPersistentStreams(name, StreamQueueAdapterFactory.Create, null);
    }
}
