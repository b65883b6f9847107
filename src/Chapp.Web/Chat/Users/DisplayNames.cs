using System.Collections.Concurrent;
using Chapp.Grains;

namespace Chapp.Web.Chat.Users;

/// <summary>
/// Display names by user name, from the user grains (each account's own), kept in this process: a display name is set
/// once at sign-up, so a name asked for again costs nothing. Used wherever a list of user names is shown to people
/// (who reacted to a message): a room view resolves all its names at once, not one grain call per name per render.
/// </summary>
public sealed class DisplayNames(IGrainFactory grains)
{
    /// <summary>Most names one call resolves.</summary>
    public const int MaxPerCall = 100;

    // Bounds the memory: past this, the cache starts over (the user grains still have every name).
    private const int MaxCached = 20_000;

    private readonly ConcurrentDictionary<string, string> _known = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The display names of <paramref name="userNames"/> (at most <see cref="MaxPerCall"/> distinct, each a valid user
    /// name, else <see cref="ChatException"/>); a name with no account maps to itself.
    /// </summary>
    public Task<IReadOnlyDictionary<string, string>> ResolveAsync(IEnumerable<string> userNames)
    {
        var wanted = userNames.Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        return wanted.Length > MaxPerCall
            ? throw new ChatException(ChatErrorCode.Invalid, $"At most {MaxPerCall} names can be looked up at once.")
            : Resolve(wanted);
    }

    /// <summary>The display names of everyone who reacted to <paramref name="messages"/> (a page the server renders).</summary>
    public Task<IReadOnlyDictionary<string, string>> ReactorsAsync(IEnumerable<ChatMessage> messages) =>
        Resolve(messages.SelectMany(m => m.Reactions ?? []).SelectMany(r => r.Users).Distinct(StringComparer.OrdinalIgnoreCase).ToArray());

    private async Task<IReadOnlyDictionary<string, string>> Resolve(string[] wanted)
    {
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var missing = new List<string>();
        foreach (var userName in wanted)
        {
            if (_known.TryGetValue(ChatRules.UserName(userName), out var displayName))
            {
                names[userName] = displayName;
            }
            else
            {
                missing.Add(userName);
            }
        }

        var accounts = await Task.WhenAll(missing.Select(n => grains.GetUser(n).GetAccount()));
        if (_known.Count + missing.Count > MaxCached)
        {
            _known.Clear();
        }

        for (var i = 0; i < missing.Count; i++)
        {
            if (accounts[i] is { } account)
            {
                names[missing[i]] = _known[missing[i]] = account.DisplayName;
            }
            else
            {
                names[missing[i]] = missing[i]; // no such account: not remembered, it may be made later
            }
        }

        return names;
    }
}
