using Chapp.Grains;
using Chapp.Web.Formatting;

namespace Chapp.Web.Chat;

/// <summary>
/// A room log row as every client gets it, live (<c>"message"</c>, <c>"messages"</c>) and in history answers: the
/// <see cref="ChatMessage"/> fields plus <see cref="Html"/>, its text rendered by <see cref="MessageMarkdown"/> (an
/// edit event carries its new text rendered; a deleted message and a delete event carry ""). Built only by
/// <see cref="From(ChatMessage)"/>, so every path renders alike; a text is rendered once per process (<see cref="RenderedHtml"/>).
/// <see cref="ReactorNames"/> gives display names of who reacted (user name to display name), so no client has to ask:
/// a reaction event names its actor; a history answer or page names every reactor (<see cref="Users.DisplayNames"/>).
/// A name missing there is shown as the user name.
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
    long ChangedSeq,
    IReadOnlyDictionary<string, string>? ReactorNames = null)
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
        message.ChangedSeq,
        ActorName(message));

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

    /// <summary>The frames of <paramref name="messages"/>, each with the display names (from <paramref name="names"/>) of who reacted to it.</summary>
    public static IReadOnlyList<MessageFrame> From(IReadOnlyList<ChatMessage> messages, IReadOnlyDictionary<string, string> names)
    {
        var frames = new MessageFrame[messages.Count];
        for (var i = 0; i < frames.Length; i++)
        {
            var message = messages[i];
            var frame = From(message);
            frames[i] = message.Reactions is { Count: > 0 } reactions
                ? frame with
                {
                    ReactorNames = reactions.SelectMany(r => r.Users).Distinct(StringComparer.OrdinalIgnoreCase)
                        .Where(names.ContainsKey).ToDictionary(u => u, u => names[u], StringComparer.OrdinalIgnoreCase),
                }
                : frame;
        }

        return frames;
    }

    // A reaction event row's author name is its actor's display name (an older row has the user name: nothing to add).
    private static Dictionary<string, string>? ActorName(ChatMessage message) =>
        message.Kind == RoomEventKind.Reaction && !string.Equals(message.AuthorName, message.Author, StringComparison.Ordinal)
            ? new(StringComparer.OrdinalIgnoreCase) { [message.Author] = message.AuthorName }
            : null;
}
