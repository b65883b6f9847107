namespace Chapp.Grains;

/// <summary>Adding and taking back reactions; pure, so the room grain decides them in its commit loop.</summary>
internal static class MessageReactions
{
    /// <summary>
    /// The reactions after <paramref name="user"/> turns <paramref name="emoji"/> on or off; null when that changes
    /// nothing (already on, already off). Emoji keep the order they were first added in; users theirs.
    /// </summary>
    public static IReadOnlyList<MessageReaction>? Toggle(
        IReadOnlyList<MessageReaction>? reactions, string emoji, string user, bool on, int maxPerUser, int maxPerMessage)
    {
        var list = reactions ?? [];
        var existing = list.FirstOrDefault(r => r.Emoji == emoji);
        var has = existing is not null && existing.Users.Contains(user, StringComparer.OrdinalIgnoreCase);
        if (on == has)
        {
            return null;
        }

        if (!on)
        {
            return list
                .Select(r => ReferenceEquals(r, existing) ? r with { Users = r.Users.Where(u => !Same(u, user)).ToArray() } : r)
                .Where(r => r.Users.Count > 0)
                .ToArray();
        }

        if (list.Count(r => r.Users.Contains(user, StringComparer.OrdinalIgnoreCase)) >= maxPerUser)
        {
            throw new ChatException(ChatErrorCode.Invalid, $"You can add at most {maxPerUser} different reactions to one message.");
        }

        if (existing is null)
        {
            return list.Count >= maxPerMessage
                ? throw new ChatException(ChatErrorCode.Invalid, $"This message has {maxPerMessage} different reactions, the most it can have.")
                : [.. list, new MessageReaction(emoji, [user])];
        }

        return list.Select(r => ReferenceEquals(r, existing) ? r with { Users = [.. r.Users, user] } : r).ToArray();
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
