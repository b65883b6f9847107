namespace Chapp.Grains;

/// <summary>What the room directory persists.</summary>
[GenerateSerializer, Alias("Chapp.RoomDirectoryState")]
public sealed class RoomDirectoryState
{
    /// <summary>Public rooms by id.</summary>
    [Id(0)] public Dictionary<string, string> Rooms { get; set; } = [];

    /// <summary>Public rooms' topics by room id ("" = none), as the rooms last reported them.</summary>
    [Id(1)] public Dictionary<string, string> Topics { get; set; } = [];
}
