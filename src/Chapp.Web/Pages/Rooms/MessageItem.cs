using Chapp.Grains;

namespace Chapp.Web.Pages.Rooms;

/// <summary>
/// One message as the room page renders it; <paramref name="Own"/> sets the reader's own messages apart, and
/// <paramref name="Reader"/>'s @mentions are highlighted; <paramref name="Hit"/> marks the message a search result opened.
/// </summary>
public sealed record MessageItem(ChatMessage Message, bool Own, string? Reader = null, bool Hit = false);
