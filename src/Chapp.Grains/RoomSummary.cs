namespace Chapp.Grains;

/// <summary>A room as listed in the directory.</summary>
[GenerateSerializer, Immutable, Alias("Chapp.RoomSummary")]
public sealed record RoomSummary([property: Id(0)] string Id, [property: Id(1)] string Name);
