namespace Chapp.Web.Chat.Rooms;

/// <summary>One hub connection to this process and the rooms it is counted in (see <see cref="RoomSubscriptions"/>).</summary>
internal sealed class LocalConnection(string userName)
{
    public string UserName { get; } = userName;

    /// <summary>One join, leave or close of the connection at a time.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>Set under the gate when the connection closed; a join that comes later must not count it in.</summary>
    public bool Closed { get; set; }

    /// <summary>Locked itself, because the hub's limits read it outside the gate.</summary>
    public HashSet<string> Rooms { get; } = new(StringComparer.Ordinal);
}
