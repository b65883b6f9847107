namespace Chapp.Web.Formatting;

/// <summary>
/// One piece of a message as it is shown: plain text, a link (<paramref name="Href"/> is the URL, always http or
/// https), or a mention of the reader (highlighted).
/// </summary>
public sealed record TextSegment(TextSegmentKind Kind, string Text, string? Href = null);
