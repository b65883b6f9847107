using Chapp.Grains;
using Chapp.Web.Formatting;

namespace Chapp.Web.Chat;

/// <summary>
/// A stored message as every client gets it, live (<c>"message"</c>, <c>"messages"</c>) and in history answers: the
/// <see cref="ChatMessage"/> fields plus <see cref="Html"/>, its text rendered by <see cref="MessageMarkdown"/>. Built
/// only by <see cref="From"/>, so every path renders alike; the live path builds each once per process.
/// </summary>
public sealed record MessageFrame(
    string RoomId,
    long Seq,
    Guid Id,
    string Author,
    string AuthorName,
    string Text,
    string Html,
    DateTimeOffset SentAt,
    string ClientMessageId)
{
    /// <summary>The frame of <paramref name="message"/>.</summary>
    public static MessageFrame From(ChatMessage message) => new(
        message.RoomId,
        message.Seq,
        message.Id,
        message.Author,
        message.AuthorName,
        message.Text,
        MessageMarkdown.ToHtml(message.Text),
        message.SentAt,
        message.ClientMessageId);

    /// <summary>The frames of <paramref name="messages"/>, in order.</summary>
    public static IReadOnlyList<MessageFrame> From(IReadOnlyList<ChatMessage> messages)
    {
        var frames = new MessageFrame[messages.Count];
        for (var i = 0; i < frames.Length; i++)
        {
            frames[i] = From(messages[i]);
        }

        return frames;
    }
}
