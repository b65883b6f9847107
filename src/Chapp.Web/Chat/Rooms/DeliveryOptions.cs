using System.ComponentModel.DataAnnotations;

namespace Chapp.Web.Chat.Rooms;

/// <summary>How a web process keeps its room subscriptions alive; bound from <c>Chapp:Delivery</c>.</summary>
/// <remarks>
/// Frames need no setting: a room's <see cref="DeliveryPump"/> sends at once when idle and batches only what queued up
/// while a send was in flight.
/// </remarks>
public sealed class DeliveryOptions
{
    /// <summary>The configuration section these options are read from.</summary>
    public const string SectionName = "Chapp:Delivery";

    /// <summary>
    /// How often this process asks the cluster whether it still knows the process's room subscriptions (one call per
    /// room with local connections); see <see cref="RoomSubscriptions.RepairAsync"/>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SubscriptionCheckPeriod { get; set; } = TimeSpan.FromSeconds(30);
}
