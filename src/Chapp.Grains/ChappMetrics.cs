using System.Diagnostics.Metrics;

namespace Chapp.Grains;

/// <summary>
/// Chapp's own instruments, on the meter <see cref="MeterName"/>; exported in Prometheus format when
/// <c>Chapp:Metrics:Port</c> is set (see README, "Metrics"). Static because grains, the message log and the web side
/// all record into them and nothing about them varies per silo.
/// </summary>
public static class ChappMetrics
{
    /// <summary>The meter's name, for <c>AddMeter</c>.</summary>
    public const string MeterName = "Chapp";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Messages appended to the durable log (exported as <c>chapp_messages_stored_total</c>).</summary>
    public static readonly Counter<long> MessagesStored =
        Meter.CreateCounter<long>("chapp.messages.stored", "{message}", "Messages appended to the durable log");

    /// <summary>Messages this process handed to the SignalR group of their room (one per message, not per connection).</summary>
    public static readonly Counter<long> Deliveries =
        Meter.CreateCounter<long>("chapp.deliveries", "{message}", "Messages forwarded to a room's local connections");

    /// <summary>Open hub connections in this process.</summary>
    public static readonly UpDownCounter<long> Connections =
        Meter.CreateUpDownCounter<long>("chapp.connections", "{connection}", "Open hub connections");

    /// <summary>Room grains active in this silo.</summary>
    public static readonly UpDownCounter<long> ActiveRooms =
        Meter.CreateUpDownCounter<long>("chapp.rooms.active", "{room}", "Room grains active in this silo");

    /// <summary>How long one group commit to the log took.</summary>
    public static readonly Histogram<double> CommitDuration =
        Meter.CreateHistogram<double>("chapp.commit.duration", "s", "Duration of one append of a batch to the message log");

    /// <summary>
    /// From a message's <see cref="ChatMessage.SentAt"/> (stamped as its batch is numbered, just before the commit)
    /// until this process hands it to its room's connections: commit, publish and stream delivery together.
    /// </summary>
    public static readonly Histogram<double> DeliveryDuration =
        Meter.CreateHistogram<double>("chapp.delivery.duration", "s", "From a message's timestamp (just before its commit) until it is forwarded to local connections");

    /// <summary>
    /// Reads of a stream queue by its pulling agent (tagged <c>silo</c>): each returns at once with messages or waits
    /// for them, so an idle silo makes one per queue per <c>Chapp:Streams:QueueWait</c>.
    /// </summary>
    public static readonly Counter<long> StreamQueueReads =
        Meter.CreateCounter<long>("chapp.stream.queue.reads", "{read}", "Reads of a stream queue by its pulling agent");

    /// <summary>From a batch's enqueue in its stream queue until the pulling agent has read it.</summary>
    public static readonly Histogram<double> StreamQueueWait =
        Meter.CreateHistogram<double>("chapp.stream.queue.wait", "s", "From a batch's enqueue in its stream queue until the pulling agent read it");
}
