using System.Globalization;
using System.Text;
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

    /// <summary>Room ids starting with this are private conversations (see <see cref="DirectRooms"/>); no public room gets one.</summary>
    public const string PrivateRoomPrefix = "dm-";

    /// <summary>Room ids starting with this are group conversations (see <see cref="GroupRooms"/>); no public room gets one.</summary>
    public const string GroupRoomPrefix = "grp-";

    /// <summary>Fewest and most people in a group conversation, its creator included.</summary>
    public const int MinGroupSize = 3, MaxGroupSize = 20;

    /// <summary>Longest room topic.</summary>
    public const int MaxTopicLength = 250;

    /// <summary>Longest reaction, in UTF-16 units: enough for the longest emoji ZWJ sequences and flags.</summary>
    public const int MaxEmojiLength = 32;

    /// <summary>Trims the text, turns CRLF and lone CR into LF, and checks its length and characters.</summary>
    public static string MessageText(string? text)
    {
        // Browsers submit a textarea's line breaks as CRLF; a line break is a newline wherever it came from.
        var trimmed = (text ?? string.Empty).ReplaceLineEndings("\n").Trim();
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

    /// <summary>Checks the id a client gives a message so a retry can be recognised.</summary>
    public static string ClientMessageId(string? clientMessageId)
    {
        if (clientMessageId is not { Length: > 0 and <= MaxClientMessageIdLength } || !ClientIdPattern().IsMatch(clientMessageId))
        {
            throw Invalid($"A client message id is 1–{MaxClientMessageIdLength} characters of letters, digits, '-' and '_'.");
        }

        return clientMessageId;
    }

    /// <summary>
    /// Checks a reaction: one emoji, that is one grapheme cluster (a ZWJ family, a flag, a keycap, a skin tone are one)
    /// of at most <see cref="MaxEmojiLength"/> UTF-16 units, made of symbols and the marks that build emoji; never
    /// letters, digits on their own, punctuation or markup characters.
    /// </summary>
    public static string Emoji(string? emoji)
    {
        var value = emoji?.Trim() ?? string.Empty;
        const string error = "A reaction is a single emoji.";
        if (value.Length is 0 or > MaxEmojiLength || !value.IsNormalized(NormalizationForm.FormC)
            || new StringInfo(value).LengthInTextElements != 1)
        {
            throw Invalid(error);
        }

        var keycap = value.Contains('\u20E3', StringComparison.Ordinal);
        var symbols = 0;
        for (var i = 0; i < value.Length;)
        {
            if (!Rune.TryGetRuneAt(value, i, out var rune))
            {
                throw Invalid(error);
            }

            var category = Rune.GetUnicodeCategory(rune);
            var allowed = category switch
            {
                UnicodeCategory.OtherSymbol => ++symbols > 0,
                // Skin tones (Sk), variation selectors (Mn), the keycap (Me).
                UnicodeCategory.ModifierSymbol or UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark => true,
                // Zero-width joiner and the tag characters of subdivision flags; no other format character.
                UnicodeCategory.Format => rune.Value == 0x200D || rune.Value is >= 0xE0020 and <= 0xE007F,
                // The base of a keycap: 1️⃣, #️⃣, *️⃣.
                _ => keycap && i == 0 && (Rune.IsDigit(rune) || rune.Value is '#' or '*') && ++symbols > 0,
            };
            if (!allowed)
            {
                throw Invalid(error);
            }

            i += rune.Utf16SequenceLength;
        }

        return symbols > 0 ? value : throw Invalid(error);
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

    private static ChatException Invalid(string message) => new(ChatErrorCode.Invalid, message);

    [GeneratedRegex("^[A-Za-z0-9_-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex ClientIdPattern();
}
