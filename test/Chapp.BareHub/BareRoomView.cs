namespace Chapp.BareHub;

/// <summary>The JSON shape of Chapp's RoomView.</summary>
public sealed record BareRoomView(string Id, string Name, string Kind);
