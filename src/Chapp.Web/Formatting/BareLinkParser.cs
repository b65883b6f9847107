using Markdig.Helpers;
using Markdig.Parsers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Chapp.Web.Formatting;

/// <summary>
/// Makes a bare <c>http(s)://</c> URL in text a link, by <see cref="MessageFormat.LinkLengthAt"/> (Markdig's own
/// auto-link extension has other rules: www., ftp:, mailto:, user info).
/// </summary>
public sealed class BareLinkParser : InlineParser
{
    /// <summary>Runs at every 'h' (a cheap look at the next characters rules most out).</summary>
    public BareLinkParser() => OpeningCharacters = ['h', 'H'];

    /// <inheritdoc />
    public override bool Match(InlineProcessor processor, ref StringSlice slice)
    {
        var start = slice.Start;
        var length = MessageFormat.LinkLengthAt(slice.Text, start, slice.End);
        if (length == 0)
        {
            return false;
        }

        var url = slice.Text.Substring(start, length);
        var at = processor.GetSourcePosition(start, out var line, out var column);
        var span = new SourceSpan(at, at + length - 1);
        var link = new LinkInline(url, string.Empty) { Span = span, Line = line, Column = column, IsAutoLink = true, IsClosed = true };
        link.AppendChild(new LiteralInline(url) { Span = span, Line = line, Column = column, IsClosed = true });
        processor.Inline = link;
        slice.Start += length;
        return true;
    }
}
