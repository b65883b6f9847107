using System.ComponentModel.DataAnnotations;

namespace Chapp.Grains;

/// <summary>Rules for changing messages, bound from <c>Chapp:Rooms</c>.</summary>
public sealed class RoomOptions
{
    /// <summary>The configuration section these options are read from.</summary>
    public const string SectionName = "Chapp:Rooms";

    /// <summary>How long after sending its author may edit a message (deleting has no limit).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00")]
    public TimeSpan EditWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Different emoji one person may put on one message.</summary>
    [Range(1, 100)]
    public int MaxReactionsPerUser { get; set; } = 20;

    /// <summary>Different emoji one message may carry in all, so a message's stored state stays small.</summary>
    [Range(1, 1000)]
    public int MaxReactionsPerMessage { get; set; } = 50;
}
