namespace Chapp.Web.Shell;

/// <summary>
/// What the sidebar renders: the rooms (at most <see cref="SidebarLoader.MaxRooms"/>), which one is open, and how many
/// rooms of the reader's list it leaves out.
/// </summary>
public sealed record SidebarView(IReadOnlyList<SidebarRoom> Rooms, string? CurrentRoomId, int NotListed = 0);
