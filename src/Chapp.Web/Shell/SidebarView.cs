namespace Chapp.Web.Shell;

/// <summary>What the sidebar renders: the rooms and which one is open.</summary>
public sealed record SidebarView(IReadOnlyList<SidebarRoom> Rooms, string? CurrentRoomId);
