namespace Chapp.Grains;

/// <summary>The room's side of mentions: after a commit, the people a message names are told.</summary>
public sealed partial class ChatRoomGrain
{
    // One-way calls: the post never waits for the mentioned users' grains. In a private room only members are told;
    // in any room the user grain counts the mention only when the room is in the user's list (see UserGrain.Mentioned).
    // Only messages mention (an edit's new text tells no one again). A List, not an interface: its enumerator is no allocation.
    private void TellMentioned(List<ChatMessage> stored)
    {
        foreach (var message in stored)
        {
            if (message.IsMessage && message.Text.Contains('@', StringComparison.Ordinal))
            {
                foreach (var name in Mentions.Find(message.Text))
                {
                    if (!string.Equals(name, message.Author, StringComparison.OrdinalIgnoreCase)
                        && (_state.State.Kind == RoomKind.Public || _state.State.Members.Contains(name, StringComparer.OrdinalIgnoreCase)))
                    {
                        _ = GrainFactory.GetUserInbox(name).Mentioned(message);
                    }
                }
            }
        }
    }
}
