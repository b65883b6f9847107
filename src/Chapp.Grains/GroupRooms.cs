using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Chapp.Grains;

/// <summary>
/// Addresses of group conversations: <see cref="ChatRules.GroupRoomPrefix"/> + 32 hex digits from a cryptographic
/// random generator (128 bits), so nobody can guess one, and a key space of its own (no public room may start with
/// the prefix; a conversation's id starts with "dm-"), so nobody can take one first.
/// </summary>
public static partial class GroupRooms
{
    /// <summary>A new, unguessable group address.</summary>
    public static string NewRoomId() => ChatRules.GroupRoomPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>True when <paramref name="roomId"/> is a well-formed group address.</summary>
    public static bool IsGroupRoomId(string? roomId) => roomId is not null && GroupId().IsMatch(roomId);

    /// <summary>True when <paramref name="roomId"/> is in the key space kept for groups.</summary>
    public static bool IsGroupSpace(string roomId) => roomId.StartsWith(ChatRules.GroupRoomPrefix, StringComparison.Ordinal);

    [GeneratedRegex("^grp-[0-9a-f]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex GroupId();
}
