using System.ComponentModel.DataAnnotations;

namespace Chapp.Web.Chat;

/// <summary>How a web process pushes a room's messages to its connections; bound from <c>Chapp:Delivery</c>.</summary>
/// <remarks>
/// Every frame to a room costs one socket write per local connection, and on loopback at 100,000 writes/s those
/// writes are most of the server's CPU. So a busy room's messages are coalesced: after a frame, the next one waits
/// until <c>connections / <see cref="WritesPerSecondPerRoom"/></c> has passed (at most
/// <see cref="MaxFrameInterval"/>), and whatever arrived meanwhile goes out in it. A quiet room, or a small one, sends
/// each message at once.
/// </remarks>
public sealed class DeliveryOptions
{
    /// <summary>The configuration section these options are read from.</summary>
    public const string SectionName = "Chapp:Delivery";

    /// <summary>
    /// Socket writes per second one room may cause in this process before its messages share frames.
    /// 0 turns coalescing off (every message is its own frame).
    /// </summary>
    [Range(0, 10_000_000)]
    public int WritesPerSecondPerRoom { get; set; } = 20_000;

    /// <summary>The longest a message waits for others to share its frame.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01")]
    public TimeSpan MaxFrameInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How often this process asks the cluster whether it still knows the process's room subscriptions (one call per
    /// room with local connections); see <see cref="RoomSubscriptions.RepairAsync"/>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SubscriptionCheckPeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The shortest time between two frames to a room with <paramref name="connections"/> local connections.</summary>
    public TimeSpan FrameInterval(int connections) =>
        WritesPerSecondPerRoom == 0
            ? TimeSpan.Zero
            : TimeSpan.FromTicks(Math.Min(MaxFrameInterval.Ticks, TimeSpan.TicksPerSecond * connections / WritesPerSecondPerRoom));
}
