using Markdig.Helpers;
using Markdig.Parsers;
using Markdig.Syntax;

namespace Chapp.Web.Formatting;

/// <summary>Makes <c>@name</c> a <see cref="MentionInline"/> where <see cref="MessageFormat.MentionLengthAt"/> says it is one.</summary>
public sealed class MentionParser : InlineParser
{
    /// <summary>Runs at every '@'.</summary>
    public MentionParser() => OpeningCharacters = ['@'];

    /// <inheritdoc />
    public override bool Match(InlineProcessor processor, ref StringSlice slice)
    {
        var start = slice.Start;
        var length = MessageFormat.MentionLengthAt(slice.Text, start, slice.End, out var name);
        if (length == 0)
        {
            return false;
        }

        var at = processor.GetSourcePosition(start, out var line, out var column);
        processor.Inline = new MentionInline
        {
            UserName = name,
            Span = new SourceSpan(at, at + length - 1),
            Line = line,
            Column = column,
            IsClosed = true,
        };
        slice.Start += length;
        return true;
    }
}
