namespace Chapp.Grains;

/// <summary>The newest stored message of a room: its seq and when it was sent.</summary>
public sealed record RoomLast(string RoomId, long Seq, DateTimeOffset At);
