namespace Chapp.Web.Formatting;

/// <summary>What a <see cref="TextSegment"/> is.</summary>
public enum TextSegmentKind
{
    /// <summary>Shown as text, whatever it contains.</summary>
    Text,

    /// <summary>An http(s) link.</summary>
    Link,

    /// <summary>An @mention of the reader.</summary>
    Mention,
}
