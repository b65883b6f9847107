using Chapp.Web.Chat;

namespace Chapp.Web.Pages.Rooms;

/// <summary>
/// One message as the room page renders it; <paramref name="Own"/> sets the reader's own messages apart, and
/// <paramref name="Reader"/>'s own reactions and @mentions are marked (as the page script does for live messages);
/// <paramref name="Hit"/> marks the message a search result opened;
/// <paramref name="Controls"/>, when set, adds the forms that change messages without script. Who reacted is named by
/// the frame's <see cref="MessageFrame.ReactorNames"/>.
/// </summary>
public sealed record MessageItem(
    MessageFrame Message, bool Own, string? Reader = null, bool Hit = false, MessageControls? Controls = null);
