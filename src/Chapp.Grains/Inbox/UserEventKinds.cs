namespace Chapp.Grains;

/// <summary>The kinds of <see cref="UserEvent"/>.</summary>
public static class UserEventKinds
{
    /// <summary>A room was added to the user's list (joined, or a conversation someone opened with them).</summary>
    public const string Joined = "joined";

    /// <summary>A room left the user's list.</summary>
    public const string Left = "left";

    /// <summary>The read position moved (on any device or tab of the user).</summary>
    public const string Read = "read";

    /// <summary>Someone named the user (<c>@name</c>) in a room of their list.</summary>
    public const string Mention = "mention";

    /// <summary>The room's name, topic or members changed.</summary>
    public const string Room = "room";
}
