namespace Chapp.Web.Chat.Typing;

/// <summary>
/// The <c>"typing"</c> frame: <paramref name="UserName"/> (shown as <paramref name="DisplayName"/>) is typing in
/// <paramref name="RoomId"/>, or stopped (<paramref name="IsTyping"/> false: they sent, left or disconnected).
/// Never stored; a receiver forgets it after 5 s without another.
/// </summary>
public sealed record TypingFrame(string RoomId, string UserName, string DisplayName, bool IsTyping);
