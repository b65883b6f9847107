namespace Chapp.Grains;

/// <summary>
/// The names that tie the grains to the silo's providers. They live in one place so the silo wiring,
/// the grains and the web app cannot drift apart.
/// </summary>
public static class ChappNames
{
    /// <summary>Grain storage provider for room, user and directory state.</summary>
    public const string GrainStorage = "chapp";

    /// <summary>Stream provider that carries new messages and user notifications.</summary>
    public const string StreamProvider = "chat";

    /// <summary>Storage the stream provider keeps its subscriptions in; Orleans requires this exact name.</summary>
    public const string PubSubStore = "PubSubStore";

    /// <summary>Stream namespace of a room's messages; the stream key is the room id.</summary>
    public const string RoomStreamNamespace = "room";

    /// <summary>Stream namespace of a user's notifications; the stream key is the normalized user name.</summary>
    public const string UserStreamNamespace = "user";

    /// <summary>Stream namespace of a room's presence (<see cref="RoomPresence"/>); the stream key is the room id.</summary>
    public const string PresenceStreamNamespace = "presence";

    /// <summary>Stream namespace of a room's description changes (<see cref="RoomChanged"/>); the stream key is the room id.</summary>
    public const string RoomInfoStreamNamespace = "roominfo";

    /// <summary>
    /// Stream namespace of a room's typing notices (<see cref="TypingNotice"/>) between the web processes of a cluster;
    /// the stream key is the room id. Unused by a single process.
    /// </summary>
    public const string TypingStreamNamespace = "typing";

    /// <summary>The public room every user can always reach.</summary>
    public const string LobbyRoomId = "lobby";
}
