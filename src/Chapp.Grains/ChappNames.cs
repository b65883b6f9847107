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

    /// <summary>
    /// Stream namespace of what a room's feed needs beside its messages (<see cref="IRoomSideEvent"/>: presence,
    /// description changes, typing notices between processes); the stream key is the room id. See <see cref="RoomSideStream"/>.
    /// </summary>
    public const string RoomSideStreamNamespace = "roomside";

    /// <summary>The public room every user can always reach.</summary>
    public const string LobbyRoomId = "lobby";
}
