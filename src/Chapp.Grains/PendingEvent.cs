namespace Chapp.Grains;

/// <summary>
/// An edit, delete or reaction waiting for the room's next group commit. Only its input is checked on arrival; what
/// it does to the message is decided in the commit, in seq order, against the message's state at that point.
/// </summary>
internal sealed class PendingEvent(RoomEventKind kind, string actor, long targetSeq, string text = "", string emoji = "", bool on = false,
    string actorName = "")
    : PendingChange
{
    public RoomEventKind Kind { get; } = kind;

    public string Actor { get; } = actor;

    public long TargetSeq { get; } = targetSeq;

    /// <summary>The new text of an edit.</summary>
    public string Text { get; } = text;

    /// <summary>The emoji of a reaction.</summary>
    public string Emoji { get; } = emoji;

    /// <summary>True to add the reaction, false to take it back.</summary>
    public bool On { get; } = on;

    /// <summary>The display name of a reaction's actor (its event row's author name).</summary>
    public string ActorName { get; } = actorName.Length > 0 ? actorName : actor;
}
