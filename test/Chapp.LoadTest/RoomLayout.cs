namespace Chapp.LoadTest;

/// <summary>
/// Who is in which room and who sends there: <see cref="Rooms"/> rooms of <see cref="RoomSize"/> consecutive
/// connections each; the first <see cref="SendersPerRoom"/> connections of a room are its senders. Sender
/// <c>s</c> sends in room <c>s / SendersPerRoom</c>. One room with S senders is the fan-out shape (senders are
/// connections 0..S-1).
/// </summary>
public sealed class RoomLayout
{
    /// <summary>Lays out <paramref name="n"/> connections in <paramref name="rooms"/> rooms with <paramref name="senders"/> senders in all.</summary>
    public RoomLayout(int n, int rooms, int senders)
    {
        if (rooms < 1 || n % rooms != 0 || senders % rooms != 0 || senders / rooms > n / rooms)
        {
            throw new ArgumentException($"{n} connections and {senders} senders must split evenly over {rooms} rooms, with no more senders than members per room.");
        }

        Rooms = rooms;
        RoomSize = n / rooms;
        SendersPerRoom = senders / rooms;
    }

    /// <summary>How many rooms.</summary>
    public int Rooms { get; }

    /// <summary>Connections per room.</summary>
    public int RoomSize { get; }

    /// <summary>Senders per room (the room's first connections).</summary>
    public int SendersPerRoom { get; }

    /// <summary>The room connection <paramref name="connection"/> joins.</summary>
    public int RoomOf(int connection) => connection / RoomSize;

    /// <summary>The sender index of <paramref name="connection"/>, or -1 when it only receives.</summary>
    public int SenderOf(int connection)
    {
        var position = connection % RoomSize;
        return position < SendersPerRoom ? (RoomOf(connection) * SendersPerRoom) + position : -1;
    }

    /// <summary>The connection sender <paramref name="sender"/> sends from.</summary>
    public int ConnectionOf(int sender) => (sender / SendersPerRoom * RoomSize) + (sender % SendersPerRoom);
}
