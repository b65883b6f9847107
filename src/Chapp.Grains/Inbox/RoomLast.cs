namespace Chapp.Grains;

/// <summary>
/// A room as a reader's inbox sees it: its newest stored message (seq and time) and <see cref="Unread"/>, the messages
/// after the reader's read position that count as unread (see <see cref="IMessageLog.ReadLastAsync"/>), at most
/// <see cref="MaxUnread"/>.
/// </summary>
public sealed record RoomLast(string RoomId, long Seq, DateTimeOffset At, int Unread = 0)
{
    /// <summary>
    /// Most unread messages counted per room: the count stops there (shown "99+"), so counting costs at most this many
    /// rows per room however far behind the reader is.
    /// </summary>
    public const int MaxUnread = 100;
}
