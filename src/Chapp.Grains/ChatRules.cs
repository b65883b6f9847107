using System.Text.RegularExpressions;

namespace Chapp.Grains;

/// <summary>
/// The input rules of Chapp, checked by the grains themselves so no caller can skip them.
/// Each check either returns the clean value or throws a <see cref="ChatException"/> with a readable message.
/// </summary>
public static partial class ChatRules
{
    /// <summary>Longest message text, counted after trimming.</summary>
    public const int MaxTextLength = 4000;

    /// <summary>Most messages one history query returns.</summary>
    public const int MaxPageSize = 200;

    /// <summary>Longest room id.</summary>
    public const int MaxRoomIdLength = 40;

    /// <summary>Longest room display name.</summary>
    public const int MaxRoomNameLength = 60;

    /// <summary>Shortest and longest user name.</summary>
    public const int MinUserNameLength = 3, MaxUserNameLength = 32;

    /// <summary>Longest display name.</summary>
    public const int MaxDisplayNameLength = 50;

    /// <summary>Longest client message id (a client-made GUID or similar token).</summary>
    public const int MaxClientMessageIdLength = 64;

    /// <summary>Trims the text and checks its length and characters.</summary>
    public static string MessageText(string? text)
    {
        var trimmed = (text ?? string.Empty).Trim();
        if (trimmed.Length == 0)
        {
            throw Invalid("A message cannot be empty.");
        }

        if (trimmed.Length > MaxTextLength)
        {
            throw Invalid($"A message can be at most {MaxTextLength} characters long (this one has {trimmed.Length}).");
        }

        foreach (var c in trimmed)
        {
            // Newline and tab shape a message; every other control character is invisible noise or a terminal trick.
            if (char.IsControl(c) && c is not '\n' and not '\t')
            {
                throw Invalid("A message cannot contain control characters.");
            }
        }

        return trimmed;
    }

    /// <summary>Checks a room id: lower-case letters, digits and dashes, 1–40 characters.</summary>
    public static string RoomId(string? roomId)
    {
        if (!IsRoomId(roomId))
        {
            throw Invalid($"A room id is 1–{MaxRoomIdLength} characters of a–z, 0–9 and '-'.");
        }

        return roomId!;
    }

    /// <summary>True when <paramref name="roomId"/> is a well-formed room id.</summary>
    public static bool IsRoomId(string? roomId) =>
        roomId is { Length: > 0 and <= MaxRoomIdLength } && RoomIdPattern().IsMatch(roomId);

    /// <summary>Checks a user name: 3–32 characters of letters, digits, '_', '.' and '-'.</summary>
    public static string UserName(string? userName)
    {
        if (userName is null || userName.Length is < MinUserNameLength or > MaxUserNameLength || !UserNamePattern().IsMatch(userName))
        {
            throw Invalid($"A user name is {MinUserNameLength}–{MaxUserNameLength} characters of letters, digits, '_', '.' and '-'.");
        }

        return userName;
    }

    /// <summary>Trims a display name; falls back to <paramref name="fallback"/> when it is empty.</summary>
    public static string DisplayName(string? displayName, string fallback)
    {
        var trimmed = displayName?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return fallback;
        }

        if (trimmed.Length > MaxDisplayNameLength || trimmed.Any(char.IsControl))
        {
            throw Invalid($"A display name is at most {MaxDisplayNameLength} printable characters.");
        }

        return trimmed;
    }

    /// <summary>Trims a room's display name and checks it.</summary>
    public static string RoomName(string? name)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > MaxRoomNameLength || trimmed.Any(char.IsControl))
        {
            throw Invalid($"A room name is 1–{MaxRoomNameLength} printable characters.");
        }

        return trimmed;
    }

    /// <summary>Checks the id a client gives a message so a retry can be recognised.</summary>
    public static string ClientMessageId(string? clientMessageId)
    {
        if (clientMessageId is not { Length: > 0 and <= MaxClientMessageIdLength } || !ClientIdPattern().IsMatch(clientMessageId))
        {
            throw Invalid($"A client message id is 1–{MaxClientMessageIdLength} characters of letters, digits, '-' and '_'.");
        }

        return clientMessageId;
    }

    /// <summary>Checks a requested page size.</summary>
    public static int PageSize(int count)
    {
        if (count is < 1 or > MaxPageSize)
        {
            throw Invalid($"A history page holds 1–{MaxPageSize} messages.");
        }

        return count;
    }

    /// <summary>Makes a room id from a room name: "Rust & Go!" becomes "rust-go".</summary>
    public static string RoomIdFromName(string name)
    {
        var slug = NonSlugRun().Replace(name.Trim().ToLowerInvariant(), "-").Trim('-');
        if (slug.Length > MaxRoomIdLength)
        {
            slug = slug[..MaxRoomIdLength].TrimEnd('-');
        }

        return RoomId(slug.Length == 0 ? null : slug);
    }

    private static ChatException Invalid(string message) => new(ChatErrorCode.Invalid, message);

    [GeneratedRegex("^[a-z0-9-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex RoomIdPattern();

    [GeneratedRegex("^[A-Za-z0-9_.-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex UserNamePattern();

    [GeneratedRegex("^[A-Za-z0-9_-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex ClientIdPattern();

    [GeneratedRegex("[^a-z0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex NonSlugRun();
}
