namespace Chapp.Web.Chat;

/// <summary>
/// What <see cref="ChatHub.JoinRoom"/> answers: the room, the history the client lacks, and whether more of it
/// is waiting (the client then calls <see cref="ChatHub.GetMissed"/>).
/// </summary>
public sealed record JoinResult(RoomView Room, IReadOnlyList<MessageFrame> Messages, bool HasMore);
