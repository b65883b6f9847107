using Chapp.Grains;
using Chapp.Web.Formatting;

namespace Chapp.Web.Chat;

/// <summary>
/// A room log row as every client gets it, live (<c>"message"</c>, <c>"messages"</c>) and in history answers: the
/// <see cref="ChatMessage"/> fields plus <see cref="Html"/>, its text rendered by <see cref="MessageMarkdown"/> (an
/// edit event carries its new text rendered; a deleted message and a delete event carry ""). Built only by
/// <see cref="From(ChatMessage)"/>, so every path renders alike; a text is rendered once per process (<see cref="RenderedHtml"/>).
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
    string ClientMessageId,
    RoomEventKind Kind,
    long TargetSeq,
    DateTimeOffset? EditedAt,
    bool Deleted,
    IReadOnlyList<MessageReaction>? Reactions,
    long ChangedSeq)
{
    /// <summary>The frame of <paramref name="message"/>.</summary>
    public static MessageFrame From(ChatMessage message) => new(
        message.RoomId,
        message.Seq,
        message.Id,
        message.Author,
        message.AuthorName,
        message.Text,
        message.Deleted || message.Text.Length == 0 ? string.Empty : RenderedHtml.Of(message.Text),
        message.SentAt,
        message.ClientMessageId,
        message.Kind,
        message.TargetSeq,
        message.EditedAt,
        message.Deleted,
        message.Reactions,
        message.ChangedSeq);

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
