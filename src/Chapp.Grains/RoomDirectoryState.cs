namespace Chapp.Grains;

/// <summary>What the room directory persists.</summary>
[GenerateSerializer, Alias("Chapp.RoomDirectoryState")]
public sealed class RoomDirectoryState
{
    /// <summary>Public rooms by id.</summary>
    [Id(0)] public Dictionary<string, string> Rooms { get; set; } = [];
}
