using System.Buffers.Text;
using System.Globalization;

namespace Chapp.LoadTest;

/// <summary>
/// The text of a load-test message: <c>lt:{run}:{sender}:{index}:{scheduledTimestamp}</c>, optionally padded.
/// Receivers parse it straight from the UTF-8 JSON bytes, without making a string.
/// </summary>
public static class LoadMessageText
{
    /// <summary>Builds the text of message <paramref name="index"/> of <paramref name="sender"/>.</summary>
    public static string Format(int run, int sender, int index, long scheduledTimestamp, string padding) =>
        string.Create(CultureInfo.InvariantCulture, $"lt:{run}:{sender}:{index}:{scheduledTimestamp}{padding}");

    /// <summary>Parses a text made by <see cref="Format"/>; false for anything else.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out int run, out int sender, out int index, out long scheduledTimestamp)
    {
        run = sender = index = 0;
        scheduledTimestamp = 0;
        if (utf8.Length < 11 || utf8[0] != (byte)'l' || utf8[1] != (byte)'t' || utf8[2] != (byte)':')
        {
            return false;
        }

        var rest = utf8[3..];
        return ReadInt(ref rest, out run) && ReadInt(ref rest, out sender) && ReadInt(ref rest, out index)
            && Utf8Parser.TryParse(rest, out scheduledTimestamp, out _);
    }

    private static bool ReadInt(ref ReadOnlySpan<byte> rest, out int value)
    {
        if (!Utf8Parser.TryParse(rest, out value, out var consumed) || consumed >= rest.Length || rest[consumed] != (byte)':')
        {
            return false;
        }

        rest = rest[(consumed + 1)..];
        return true;
    }
}
