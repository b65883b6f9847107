using System.Security.Cryptography;
using System.Text;

namespace Chapp.Grains;

/// <summary>
/// Names the private room of two people so both of them reach the same one. It lives next to the grains because the
/// room grain checks, on every <see cref="IChatRoomGrain.Create"/>, that a private room's id is the one its members give.
/// </summary>
public static class DirectRooms
{
    /// <summary>
    /// <see cref="ChatRules.PrivateRoomPrefix"/> + 32 hex digits of the SHA-256 of the two sorted normalized names:
    /// same pair, same room.
    /// </summary>
    public static string RoomId(string userA, string userB)
    {
        var names = new[] { ChappGrainFactoryExtensions.Normalize(userA), ChappGrainFactoryExtensions.Normalize(userB) };
        Array.Sort(names, StringComparer.Ordinal);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(names[0] + "\n" + names[1]));
        return ChatRules.PrivateRoomPrefix + Convert.ToHexStringLower(hash)[..32];
    }
}
