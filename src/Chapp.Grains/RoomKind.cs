namespace Chapp.Grains;

/// <summary>Whether anyone may read and post in a room, or only its members.</summary>
public enum RoomKind
{
    /// <summary>Listed in the directory; every signed-in user may read and post.</summary>
    Public = 0,

    /// <summary>A direct conversation or a group conversation: only its members may read and post.</summary>
    Private = 1,
}
