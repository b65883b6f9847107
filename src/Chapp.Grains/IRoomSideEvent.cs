namespace Chapp.Grains;

/// <summary>
/// What a room's side stream (<see cref="ChappNames.RoomSideStreamNamespace"/>, keyed by the room id) carries beside
/// its messages: <see cref="RoomPresence"/> (published by the room's presence grain), <see cref="RoomChanged"/> (by the
/// room grain) and, in a cluster, <see cref="TypingNotice"/> (relayed between web processes). A closed family: a web
/// process's room feed dispatches on these three types and ignores any other.
/// </summary>
/// <remarks>
/// One stream instead of one per kind: a room open in a process then costs it two PubSub subscriptions (messages and
/// this), not four, and each room opening and closing two PubSub rendezvous writes, not four.
/// </remarks>
public interface IRoomSideEvent
{
    /// <summary>The room the event is about.</summary>
    string RoomId { get; }
}
