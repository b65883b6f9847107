using Chapp.Web.Chat;

namespace Chapp.Web.Pages.Rooms;

/// <summary>
/// One message as the room page renders it; <paramref name="Own"/> sets the reader's own messages apart, and
/// <paramref name="Reader"/>'s own reactions are marked (the page script highlights the reader's @mentions, as it
/// does for live messages); <paramref name="Hit"/> marks the message a search result opened;
/// <paramref name="Controls"/>, when set, adds the forms that change messages without script.
/// </summary>
public sealed record MessageItem(MessageFrame Message, bool Own, string? Reader = null, bool Hit = false, MessageControls? Controls = null);
