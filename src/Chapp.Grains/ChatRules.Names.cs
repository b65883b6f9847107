using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Chapp.Grains;

// The rules for user names and the names people see (the type is documented in ChatRules.cs).
public static partial class ChatRules
{
    /// <summary>Checks a user name: 3–32 characters of letters, digits, '_', '.' and '-'.</summary>
    public static string UserName(string? userName)
    {
        if (userName is null || userName.Length is < MinUserNameLength or > MaxUserNameLength || !UserNamePattern().IsMatch(userName))
        {
            throw Invalid($"A user name is {MinUserNameLength}–{MaxUserNameLength} characters of letters, digits, '_', '.' and '-'.");
        }

        return userName;
    }

    // Formatted once: every post passes its author's display name through here.
    private static readonly string DisplayNameError =
        $"A display name is at most {MaxDisplayNameLength} visible characters: no control, formatting (such as right-to-left or zero-width) or line-break characters.";

    /// <summary>
    /// Trims and NFC-normalizes a display name and checks it (see <see cref="CleanName"/>); falls back to
    /// <paramref name="fallback"/> when it is empty.
    /// </summary>
    public static string DisplayName(string? displayName, string fallback)
    {
        var clean = CleanName(displayName, MaxDisplayNameLength, DisplayNameError);
        return clean.Length == 0 ? fallback : clean;
    }

    /// <summary>
    /// The name to show next to a message: the display name when it passes <see cref="DisplayName"/>, else the user
    /// name. An account made before the rules tightened can still post, under its user name.
    /// </summary>
    public static string ShownName(string? displayName, string userName)
    {
        try
        {
            return DisplayName(displayName, userName);
        }
        catch (ChatException)
        {
            return userName;
        }
    }

    /// <summary>
    /// A name as people will see it: trimmed and NFC-normalized (so one visible name has one spelling), at most
    /// <paramref name="maxLength"/> characters, and free of what lets one name pass for another: control characters,
    /// format characters (Unicode Cf: bidi overrides and isolates, zero-width spaces and joiners), line and paragraph
    /// separators, and broken surrogate pairs. Returns "" for a missing or blank name.
    /// </summary>
    private static string CleanName(string? name, int maxLength, string error)
    {
        var trimmed = name?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            return trimmed;
        }

        string normalized;
        try
        {
            normalized = trimmed.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            throw Invalid(error); // not valid UTF-16 (a lone surrogate)
        }

        if (normalized.Length > maxLength)
        {
            throw Invalid(error);
        }

        for (var i = 0; i < normalized.Length;)
        {
            // TryGetRuneAt is false at a lone surrogate, should normalization ever let one through.
            if (!Rune.TryGetRuneAt(normalized, i, out var rune)
                || Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format
                    or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                throw Invalid(error);
            }

            i += rune.Utf16SequenceLength;
        }

        return normalized;
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex UserNamePattern();
}
