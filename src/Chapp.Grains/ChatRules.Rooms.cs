using System.Text.RegularExpressions;

namespace Chapp.Grains;

// The rules for room ids, room names and topics (the type is documented in ChatRules.cs).
public static partial class ChatRules
{
    /// <summary>Checks a room id: lower-case letters, digits and dashes, 1–40 characters.</summary>
    public static string RoomId(string? roomId)
    {
        if (!IsRoomId(roomId))
        {
            throw Invalid($"A room id is 1–{MaxRoomIdLength} characters of a–z, 0–9 and '-'.");
        }

        return roomId!;
    }

    /// <summary>
    /// Checks the id of a public room: a well-formed room id that does not start with <see cref="PrivateRoomPrefix"/>,
    /// so no public room can ever take the id of somebody's private conversation.
    /// </summary>
    public static string PublicRoomId(string? roomId)
    {
        RoomId(roomId);
        if (IsPrivateRoomId(roomId!))
        {
            throw Invalid($"Room addresses starting with '{PrivateRoomPrefix}' are kept for private conversations. Choose another name.");
        }

        if (GroupRooms.IsGroupSpace(roomId!))
        {
            throw Invalid($"Room addresses starting with '{GroupRoomPrefix}' are kept for group conversations. Choose another name.");
        }

        return roomId!;
    }

    /// <summary>True when <paramref name="roomId"/> is in the key space of private conversations.</summary>
    public static bool IsPrivateRoomId(string roomId) => roomId.StartsWith(PrivateRoomPrefix, StringComparison.Ordinal);

    /// <summary>True when <paramref name="roomId"/> is a well-formed room id.</summary>
    public static bool IsRoomId(string? roomId) =>
        roomId is { Length: > 0 and <= MaxRoomIdLength } && RoomIdPattern().IsMatch(roomId);

    /// <summary>Trims and NFC-normalizes a room's display name and checks it like a display name.</summary>
    public static string RoomName(string? name)
    {
        var error = $"A room name is 1–{MaxRoomNameLength} visible characters: no control, formatting (such as right-to-left or zero-width) or line-break characters.";
        var clean = CleanName(name, MaxRoomNameLength, error);
        return clean.Length == 0 ? throw Invalid(error) : clean;
    }

    /// <summary>
    /// Trims and NFC-normalizes a room topic and checks it like a name (at most <see cref="MaxTopicLength"/> visible
    /// characters); "" clears the topic.
    /// </summary>
    public static string Topic(string? topic) => CleanName(topic, MaxTopicLength,
        $"A topic is at most {MaxTopicLength} visible characters: no control, formatting (such as right-to-left or zero-width) or line-break characters.");

    /// <summary>Makes a public room id from a room name: "Rust & Go!" becomes "rust-go".</summary>
    public static string RoomIdFromName(string name)
    {
        var slug = NonSlugRun().Replace(name.Trim().ToLowerInvariant(), "-").Trim('-');
        if (slug.Length > MaxRoomIdLength)
        {
            slug = slug[..MaxRoomIdLength].TrimEnd('-');
        }

        return PublicRoomId(slug.Length == 0 ? null : slug);
    }

    [GeneratedRegex("^[a-z0-9-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex RoomIdPattern();

    [GeneratedRegex("[^a-z0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex NonSlugRun();
}
