using Markdig;
using Markdig.Parsers;
using Markdig.Renderers;
using Markdig.Renderers.Html.Inlines;

namespace Chapp.Web.Formatting;

/// <summary>
/// Narrows CommonMark to what a chat message needs: paragraphs, emphasis, inline code, code blocks (fenced or
/// indented), block quotes and links; bare http(s) URLs and <c>@name</c> mentions are ours. Headings, lists and
/// thematic breaks stay text; raw HTML is switched off separately (<see cref="MarkdownExtensions.DisableHtml"/>).
/// </summary>
public sealed class ChatMarkdownExtension : IMarkdownExtension
{
    /// <summary>What every link carries: the new tab cannot reach back into Chapp, see the referrer, or earn rank.</summary>
    public const string LinkRel = "noopener noreferrer nofollow";

    /// <inheritdoc />
    public void Setup(MarkdownPipelineBuilder pipeline)
    {
        pipeline.BlockParsers.RemoveAll(parser => parser is HeadingBlockParser or ThematicBreakParser or ListBlockParser or HtmlBlockParser);
        if (pipeline.BlockParsers.Find<ParagraphBlockParser>() is { } paragraphs)
        {
            paragraphs.ParseSetextHeadings = false; // "text\n---" is text and a line of dashes
        }

        pipeline.InlineParsers.AddIfNotAlready<BareLinkParser>();
        pipeline.InlineParsers.AddIfNotAlready<MentionParser>();
    }

    /// <inheritdoc />
    public void Setup(MarkdownPipeline pipeline, IMarkdownRenderer renderer)
    {
        if (renderer is not HtmlRenderer html)
        {
            return;
        }

        html.ObjectRenderers.AddIfNotAlready<MentionRenderer>();
        if (html.ObjectRenderers.Find<LinkInlineRenderer>() is { } links)
        {
            links.Rel = LinkRel;
        }

        if (html.ObjectRenderers.Find<AutolinkInlineRenderer>() is { } autolinks)
        {
            autolinks.Rel = LinkRel;
        }
    }
}
