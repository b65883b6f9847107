using Chapp.Grains;
using Chapp.Web.Identity;

namespace Chapp.Web.Chat;

/// <summary>
/// Changing messages: edit and delete one's own, react to any. Each stores one event in the room's log and returns
/// it (or the message unchanged when nothing changed) as a <see cref="MessageFrame"/>; everyone in the room receives the event like a message. A
/// refusal (someone else's message, out of the edit window, a room the caller cannot read …) changes nothing.
/// </summary>
public sealed partial class ChatHub
{
    /// <summary>Replaces the text of the caller's message <paramref name="seq"/>.</summary>
    public async Task<MessageFrame> EditMessage(string roomId, long seq, string text) =>
        MessageFrame.From(await Call(() => grains.GetRoom(roomId).Edit(UserName, seq, text)));

    /// <summary>Deletes the caller's message <paramref name="seq"/>; a placeholder stays.</summary>
    public async Task<MessageFrame> DeleteMessage(string roomId, long seq) =>
        MessageFrame.From(await Call(() => grains.GetRoom(roomId).Delete(UserName, seq)));

    /// <summary>Adds (<paramref name="on"/>) or takes back the caller's reaction <paramref name="emoji"/> on message <paramref name="seq"/>.</summary>
    public async Task<MessageFrame> React(string roomId, long seq, string emoji, bool on) =>
        MessageFrame.From(await Call(() => grains.GetRoom(roomId).React(UserName, seq, emoji, on, Context.User!.DisplayName())));
}
