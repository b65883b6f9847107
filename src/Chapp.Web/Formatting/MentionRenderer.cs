using Markdig.Renderers;
using Markdig.Renderers.Html;

namespace Chapp.Web.Formatting;

/// <summary>
/// Writes a mention as <c>&lt;span class="mention" data-user="name"&gt;@Name&lt;/span&gt;</c>, the same for every
/// reader (so it renders once); the browser highlights the ones naming its own user.
/// </summary>
public sealed class MentionRenderer : HtmlObjectRenderer<MentionInline>
{
    /// <inheritdoc />
    protected override void Write(HtmlRenderer renderer, MentionInline mention)
    {
        renderer.Write("<span class=\"mention\" data-user=\"");
        renderer.WriteEscape(mention.UserName.ToLowerInvariant());
        renderer.Write("\">@");
        renderer.WriteEscape(mention.UserName);
        renderer.Write("</span>");
    }
}
