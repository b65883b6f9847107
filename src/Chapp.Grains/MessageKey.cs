namespace Chapp.Grains;

/// <summary>What makes a post a retry of another: the same author and client message id in the same room.</summary>
public readonly record struct MessageKey(string Author, string ClientMessageId)
{
    /// <summary>The key of a stored message.</summary>
    public static MessageKey Of(ChatMessage message) => new(message.Author, message.ClientMessageId);
}
