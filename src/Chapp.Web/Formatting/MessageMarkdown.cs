using System.Net;
using Markdig;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Chapp.Web.Formatting;

/// <summary>
/// Renders message text (a small Markdown subset, <see cref="ChatMarkdownExtension"/>) to the HTML every client
/// shows. Raw HTML is text; a link survives only with an http(s) target that <see cref="MessageFormat.IsAllowedLink"/>
/// accepts, never inside another link, and opens in a new tab; an image, or a link to anything else, stays its source
/// text. The result uses only p, br, strong, em, code, pre, blockquote, a (href, rel, target) and
/// span.mention (data-user). Thread-safe.
/// </summary>
public static class MessageMarkdown
{
    /// <summary>Deeper nesting (quotes in quotes, emphasis in emphasis) is shown as plain text.</summary>
    public const int MaxNesting = 32;

    private static readonly MarkdownPipeline Pipeline = Build();

    /// <summary>The HTML of <paramref name="text"/>.</summary>
    public static string ToHtml(string text)
    {
        try
        {
            var document = Markdown.Parse(text, Pipeline);
            Guard(document, text);
            return document.ToHtml(Pipeline);
        }
        catch (ArgumentException)
        {
            // Markdig refuses nesting beyond MaxNesting: show the text as typed.
            return Plain(text);
        }
    }

    /// <summary>The text as one paragraph of plain text, line breaks kept.</summary>
    public static string Plain(string text) =>
        "<p>" + WebUtility.HtmlEncode(text).Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "<br />\n", StringComparison.Ordinal) + "</p>\n";

    private static MarkdownPipeline Build()
    {
        var builder = new MarkdownPipelineBuilder { MaximumNestingDepth = MaxNesting }
            .DisableHtml()
            .UsePreciseSourceLocation() // a refused link is shown as its source text
            .UseSoftlineBreakAsHardlineBreak(); // chat text keeps its line breaks
        builder.Extensions.AddIfNotAlready<ChatMarkdownExtension>();
        return builder.Build();
    }

    private static void Guard(MarkdownDocument document, string source)
    {
        foreach (var block in document.Descendants<LeafBlock>())
        {
            if (block is FencedCodeBlock fenced)
            {
                fenced.SetAttributes(new HtmlAttributes()); // no class="language-…": not on the allow-list
            }

            if (block.Inline is { } inlines)
            {
                Guard(inlines, source, insideLink: false);
            }
        }
    }

    private static void Guard(ContainerInline container, string source, bool insideLink)
    {
        for (var inline = container.FirstChild; inline is not null;)
        {
            var next = inline.NextSibling;
            switch (inline)
            {
                case LinkInline link when link.IsImage || insideLink || !MessageFormat.IsAllowedLink(link.Url):
                    inline.ReplaceBy(new LiteralInline(SourceOf(link, source)), copyChildren: false);
                    break;
                case LinkInline link:
                    link.Title = null;
                    link.GetAttributes().AddProperty("target", "_blank");
                    Guard(link, source, insideLink: true);
                    break;
                case AutolinkInline auto when auto.IsEmail || insideLink || !MessageFormat.IsAllowedLink(auto.Url):
                    inline.ReplaceBy(new LiteralInline(SourceOf(auto, source)), copyChildren: false);
                    break;
                case AutolinkInline auto:
                    auto.GetAttributes().AddProperty("target", "_blank");
                    break;
                case ContainerInline inner:
                    Guard(inner, source, insideLink);
                    break;
            }

            inline = next;
        }
    }

    // What the person typed for it: a refused link or image reads as written.
    private static string SourceOf(Inline inline, string source)
    {
        if (inline is LinkInline { IsAutoLink: true, Url: { } url })
        {
            return url;
        }

        var span = inline.Span;
        return span.Start >= 0 && span.End < source.Length && span.End >= span.Start ? source.Substring(span.Start, span.Length) : string.Empty;
    }
}
