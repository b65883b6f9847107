using Chapp.Grains;

namespace Chapp.Web.Chat;

/// <summary>
/// Changing messages: edit and delete one's own, react to any. Each stores one event in the room's log and returns
/// it (or the message unchanged when nothing changed); everyone in the room receives the event like a message. A
/// refusal (someone else's message, out of the edit window, a room the caller cannot read …) changes nothing.
/// </summary>
public sealed partial class ChatHub
{
    /// <summary>Replaces the text of the caller's message <paramref name="seq"/>.</summary>
    public Task<ChatMessage> EditMessage(string roomId, long seq, string text) =>
        Call(() => grains.GetRoom(roomId).Edit(UserName, seq, text));

    /// <summary>Deletes the caller's message <paramref name="seq"/>; a placeholder stays.</summary>
    public Task<ChatMessage> DeleteMessage(string roomId, long seq) =>
        Call(() => grains.GetRoom(roomId).Delete(UserName, seq));

    /// <summary>Adds (<paramref name="on"/>) or takes back the caller's reaction <paramref name="emoji"/> on message <paramref name="seq"/>.</summary>
    public Task<ChatMessage> React(string roomId, long seq, string emoji, bool on) =>
        Call(() => grains.GetRoom(roomId).React(UserName, seq, emoji, on));
}
