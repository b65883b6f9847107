namespace Chapp.Grains;

/// <summary>
/// Who is connected to a room right now, across all web processes: user names, distinct, in alphabetical order.
/// Published on <see cref="ChappNames.PresenceStreamNamespace"/> (keyed by the room id) whenever the list changes.
/// </summary>
[GenerateSerializer, Immutable, Alias("Chapp.RoomPresence")]
public sealed record RoomPresence(
    [property: Id(0)] string RoomId,
    [property: Id(1)] IReadOnlyList<string> UserNames);
