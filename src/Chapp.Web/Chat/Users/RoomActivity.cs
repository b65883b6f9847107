namespace Chapp.Web.Chat.Users;

/// <summary>
/// The <c>"activity"</c> frame: a room of the user's list that is not open on this connection got message
/// <see cref="Seq"/> at <see cref="At"/> (the message itself is not sent; unread = <see cref="Seq"/> − read position).
/// </summary>
public sealed record RoomActivity(string RoomId, long Seq, DateTimeOffset At);
