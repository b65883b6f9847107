namespace Chapp.Web.Security;

/// <summary>The costly actions <see cref="UserActionLimiter"/> meters per user.</summary>
public enum LimitedAction
{
    /// <summary>Sending a message (hub or form).</summary>
    Send,

    /// <summary>Creating or opening a room by name from the home page.</summary>
    CreateRoom,

    /// <summary>Opening a direct conversation.</summary>
    OpenConversation,

    /// <summary>Joining a room on a hub connection.</summary>
    JoinRoom,

    /// <summary>Loading a page of history (older messages or a catch-up), the inbox, missed user events or a member list.</summary>
    History,

    /// <summary>Storing a read position.</summary>
    MarkRead,

    /// <summary>Changing a room: its topic, or adding people to a group.</summary>
    ChangeRoom,

    /// <summary>Searching messages.</summary>
    Search,

    /// <summary>Changing a message: editing or deleting one's own, or adding or taking back a reaction.</summary>
    ChangeMessage,

    /// <summary>Telling a room one is typing.</summary>
    Typing,

    /// <summary>Loading a signed-in page (each reads the user's inbox for the sidebar).</summary>
    PageLoad,
}
