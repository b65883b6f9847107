namespace Chapp.Grains;

/// <summary>A validated post waiting for the room's next group commit.</summary>
internal sealed class PendingPost(MessageKey key, string authorName, string text) : PendingChange
{
    public MessageKey Key { get; } = key;

    public string AuthorName { get; } = authorName;

    public string Text { get; } = text;
}
