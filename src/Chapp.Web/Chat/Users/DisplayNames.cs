using System.Collections.Concurrent;
using Chapp.Grains;

namespace Chapp.Web.Chat.Users;

/// <summary>
/// The display names of who reacted, put by the server into the pages and history answers it builds
/// (<see cref="FramesAsync"/>), so a browser never asks for a name. Kept in this process: a display name is set once
/// at sign-up, so a name is looked up once. The only names ever looked up are those of people who reacted (the room
/// grain let them, so they have accounts), first in the page itself (authors, reaction events), then in their user
/// grains: nothing a client sends chooses a name to look up.
/// </summary>
public sealed class DisplayNames(IGrainFactory grains)
{
    // Bounds the memory: past this, the cache starts over (the user grains still have every name).
    private const int MaxCached = 20_000;

    private readonly ConcurrentDictionary<string, string> _known = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The frames of <paramref name="messages"/>, each carrying the display names of who reacted to it.</summary>
    public ValueTask<IReadOnlyList<MessageFrame>> FramesAsync(IReadOnlyList<ChatMessage> messages) =>
        messages.Any(m => m.Reactions is { Count: > 0 })
            ? WithNames(messages)
            : ValueTask.FromResult(MessageFrame.From(messages));

    /// <summary>The display names of everyone who reacted to <paramref name="messages"/>.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ReactorsAsync(IReadOnlyList<ChatMessage> messages)
    {
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var missing = new List<string>();
        foreach (var userName in messages.SelectMany(m => m.Reactions ?? []).SelectMany(r => r.Users))
        {
            if (names.ContainsKey(userName) || missing.Contains(userName, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            if ((_known.GetValueOrDefault(userName) ?? Shown(messages, userName)) is { } known)
            {
                names[userName] = known;
            }
            else
            {
                missing.Add(userName);
            }
        }

        if (missing.Count == 0)
        {
            return names;
        }

        var accounts = await Task.WhenAll(missing.Select(n => grains.GetUser(n).GetAccount()));
        if (_known.Count + missing.Count > MaxCached)
        {
            _known.Clear();
        }

        for (var i = 0; i < missing.Count; i++)
        {
            // A reactor always had an account; should it be gone, its user name stands in (and is remembered too).
            names[missing[i]] = _known[missing[i]] = accounts[i]?.DisplayName ?? missing[i];
        }

        return names;
    }

    private async ValueTask<IReadOnlyList<MessageFrame>> WithNames(IReadOnlyList<ChatMessage> messages) =>
        MessageFrame.From(messages, await ReactorsAsync(messages));

    // The display name the page itself shows for userName: as the author of a message, or as the actor of a reaction
    // event (whose author name is the reactor's display name; an older row has the user name there and is skipped).
    private static string? Shown(IReadOnlyList<ChatMessage> messages, string userName)
    {
        foreach (var m in messages)
        {
            if (string.Equals(m.Author, userName, StringComparison.OrdinalIgnoreCase)
                && (m.IsMessage || (m.Kind == RoomEventKind.Reaction && !string.Equals(m.AuthorName, m.Author, StringComparison.OrdinalIgnoreCase))))
            {
                return m.AuthorName;
            }
        }

        return null;
    }
}
