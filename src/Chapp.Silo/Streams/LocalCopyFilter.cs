using Chapp.Grains;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Streams.Filtering;

namespace Chapp.Silo.Streams;

/// <summary>
/// The <c>chat</c> provider's stream filter: a room stream's batch is not delivered to a subscription of this
/// process's own feed of the room when that feed already passed every message of the batch on, because the room
/// grain in this process offered them to it directly (<see cref="ILocalRoomDelivery"/>). The feed's gate would drop
/// that copy on arrival; the filter drops it before the pulling agent's delivery call, its retries wrapper, handshake
/// token and cursor, which in many small rooms were most of a post's stream round trip.
/// </summary>
/// <remarks>
/// Every other delivery goes ahead unchanged: subscriptions of other processes (their tag is not known here),
/// subscriptions without a tag, items that are not messages, and any message the feed has not passed on yet (the
/// stream is then its path, as always). The answer is the gate's own test, asked earlier: a gate's last passed seq only
/// grows, so a copy skipped here is one the gate would have dropped. The grain still publishes every batch, and the
/// stream stays the path to every other process. Orleans asks per item and delivers the batch if any item passes.
/// </remarks>
internal sealed class LocalCopyFilter(IServiceProvider services) : IStreamFilter
{
    // Resolved at first use: the web side's implementation needs the cluster client, which is built after the agents.
    private ILocalRoomDelivery? _local;

    /// <inheritdoc />
    public bool ShouldDeliver(StreamId streamId, object item, string? filterData) =>
        filterData is null
        || item is not ChatMessage message
        || !(_local ??= services.GetRequiredService<ILocalRoomDelivery>()).HasPassed(message.RoomId, message.Seq, filterData);
}
