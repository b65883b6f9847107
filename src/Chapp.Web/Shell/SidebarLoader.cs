using Chapp.Grains;

namespace Chapp.Web.Shell;

/// <summary>
/// The reader's rooms for the sidebar, loaded once per request (the room page reads its read position from the same
/// list the layout renders), latest activity first.
/// </summary>
public sealed class SidebarLoader(IGrainFactory grains)
{
    /// <summary>Most rooms the sidebar lists.</summary>
    public const int MaxRooms = 100;

    private Task<IReadOnlyList<SidebarRoom>>? _rooms;

    /// <summary>The rooms of <paramref name="me"/> (the request's user), latest activity first.</summary>
    public Task<IReadOnlyList<SidebarRoom>> GetAsync(string me) => _rooms ??= LoadAsync(me);

    private async Task<IReadOnlyList<SidebarRoom>> LoadAsync(string me)
    {
        var ids = await grains.GetUser(me).GetRooms();
        var infos = await Task.WhenAll(ids.TakeLast(MaxRooms).Select(id => grains.GetRoom(id).GetInfo()));
        return infos.OfType<RoomInfo>()
            .Select(room => new SidebarRoom(room.Id, Label(room.Name, room.Kind.ToString(), me), room.Name, room.Kind.ToString(), 0, null, 0, 0))
            .Reverse()
            .ToArray();
    }

    /// <summary>What the reader calls a room: its name, or for a conversation who it is with.</summary>
    public static string Label(string name, string kind, string me) =>
        kind == nameof(RoomKind.Private)
            ? "Conversation with " + string.Join(", ", name.Split(" & ").Where(n => !string.Equals(n, me, StringComparison.OrdinalIgnoreCase)))
            : name;
}
