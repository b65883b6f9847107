using Markdig.Syntax.Inlines;

namespace Chapp.Web.Formatting;

/// <summary>An <c>@name</c> in a message: shown as a mention of <see cref="UserName"/>, whoever reads it.</summary>
public sealed class MentionInline : LeafInline
{
    /// <summary>The user name as written (user names are case-insensitive).</summary>
    public required string UserName { get; init; }
}
