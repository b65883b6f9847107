using Chapp.Web.Chat;

namespace Chapp.Web.Pages.Rooms;

/// <summary>
/// One message as the room page renders it; <paramref name="Own"/> sets the reader's own messages apart (the page
/// script highlights the reader's @mentions, as it does for live messages).
/// </summary>
public sealed record MessageItem(MessageFrame Message, bool Own);
