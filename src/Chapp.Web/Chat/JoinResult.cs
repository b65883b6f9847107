namespace Chapp.Web.Chat;

/// <summary>
/// What <see cref="ChatHub.JoinRoom"/> answers: the room, the history the client lacks, whether more of it is
/// waiting (the client then calls <see cref="ChatHub.GetMissed"/>), and the room's last seq when the room was read.
/// </summary>
/// <remarks>
/// A latest page holds messages only: <paramref name="LastSeq"/> tells the client that the events after its newest
/// message are already reflected in it, so a live event after them is not mistaken for a gap.
/// </remarks>
public sealed record JoinResult(RoomView Room, IReadOnlyList<MessageFrame> Messages, bool HasMore, long LastSeq = 0);
