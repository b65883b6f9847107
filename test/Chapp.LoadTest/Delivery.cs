using System.Text.Json.Serialization;

namespace Chapp.LoadTest;

/// <summary>
/// The fields of a pushed (or returned) ChatMessage the load test needs, read by <see cref="DeliveryConverter"/>
/// without allocating strings. <see cref="IsLoad"/> is false for messages not written by this tool.
/// </summary>
[JsonConverter(typeof(DeliveryConverter))]
public sealed class Delivery
{
    /// <summary>The room's sequence number.</summary>
    public long Seq { get; set; }

    /// <summary>True when the text was a load-test text.</summary>
    public bool IsLoad { get; set; }

    /// <summary>The run id in the text.</summary>
    public int Run { get; set; }

    /// <summary>The sending connection's index.</summary>
    public int Sender { get; set; }

    /// <summary>The message's index at its sender.</summary>
    public int Index { get; set; }

    /// <summary>The scheduled send time (<see cref="Clock"/> timestamp).</summary>
    public long ScheduledTimestamp { get; set; }
}
