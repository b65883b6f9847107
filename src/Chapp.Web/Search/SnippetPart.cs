namespace Chapp.Web.Search;

/// <summary>A piece of a result's text; <paramref name="Match"/> marks a searched word. Always shown as text, never HTML.</summary>
public sealed record SnippetPart(string Text, bool Match);
