namespace Chapp.Grains;

/// <summary>
/// The one way to address Chapp's grains. Keys carry a prefix because the AdoNet provider reads an all-digit
/// string key as a number, so "007" and "7" would share one storage row (dotnet/orleans#9706).
/// </summary>
public static class ChappGrainFactoryExtensions
{
    internal const string RoomKeyPrefix = "room/";
    internal const string UserKeyPrefix = "user/";
    internal const string PresenceKeyPrefix = "presence/";

    /// <summary>The room grain for a room id (checked).</summary>
    public static IChatRoomGrain GetRoom(this IGrainFactory grains, string roomId) =>
        ResolvedGrainTypes<IChatRoomGrain>.Get(grains, RoomKeyPrefix + ChatRules.RoomId(roomId));

    /// <summary>The presence grain of a room id (checked). It stores nothing, but keys follow one rule.</summary>
    public static IRoomPresenceGrain GetRoomPresence(this IGrainFactory grains, string roomId) =>
        ResolvedGrainTypes<IRoomPresenceGrain>.Get(grains, PresenceKeyPrefix + ChatRules.RoomId(roomId));

    /// <summary>The user grain for a user name; names differing only in case are one user.</summary>
    public static IUserGrain GetUser(this IGrainFactory grains, string userName) =>
        ResolvedGrainTypes<IUserGrain>.Get(grains, UserKeyPrefix + Normalize(userName));

    /// <summary>The inbox of a user (the same grain as <see cref="GetUser"/>).</summary>
    public static IUserInboxGrain GetUserInbox(this IGrainFactory grains, string userName) =>
        ResolvedGrainTypes<IUserInboxGrain>.Get(grains, UserKeyPrefix + Normalize(userName));

    /// <summary>The directory of public rooms.</summary>
    public static IRoomDirectoryGrain GetRoomDirectory(this IGrainFactory grains) =>
        ResolvedGrainTypes<IRoomDirectoryGrain>.Get(grains, "public");

    /// <summary>The message search (a stateless worker: one id serves everyone).</summary>
    public static Search.ISearchGrain GetSearch(this IGrainFactory grains) =>
        grains.GetGrain<Search.ISearchGrain>(0);

    /// <summary>The normalized form of a user name, as Identity's default normalizer makes it.</summary>
    public static string Normalize(string userName) => ChatRules.UserName(userName).ToUpperInvariant();

    internal static string StripPrefix(string key, string prefix) =>
        key.StartsWith(prefix, StringComparison.Ordinal) ? key[prefix.Length..] : key;
}
