using System.Security.Cryptography;
using System.Text;
using Chapp.Grains;

namespace Chapp.Web.Chat;

/// <summary>Names the private room of two people so both of them reach the same one.</summary>
public static class DirectRooms
{
    /// <summary>The room id prefix of direct conversations.</summary>
    public const string Prefix = "dm-";

    /// <summary>"dm-" + 32 hex digits of the SHA-256 of the two sorted normalized names: same pair, same room.</summary>
    public static string RoomId(string userA, string userB)
    {
        var names = new[] { ChappGrainFactoryExtensions.Normalize(userA), ChappGrainFactoryExtensions.Normalize(userB) };
        Array.Sort(names, StringComparer.Ordinal);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(names[0] + "\n" + names[1]));
        return Prefix + Convert.ToHexStringLower(hash)[..32];
    }
}
