using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Streams;

namespace Chapp.Silo.Streams;

/// <summary>Makes each pulling agent's <see cref="StreamQueueCache"/>.</summary>
internal sealed class StreamQueueAdapterCache(string providerName, ILoggerFactory loggers) : IQueueAdapterCache
{
    /// <inheritdoc />
    public IQueueCache CreateQueueCache(QueueId queueId) =>
        new StreamQueueCache(SimpleQueueCacheOptions.DEFAULT_CACHE_SIZE, loggers.CreateLogger($"{typeof(StreamQueueCache).FullName}.{providerName}.{queueId}"));
}
