namespace Chapp.Grains;

/// <summary>A reader's read position in a room: the last seq read (messages and events up to it are read).</summary>
public sealed record RoomReadPosition(string RoomId, long ReadSeq);
