using Chapp.Web.Chat.Users;
using Microsoft.AspNetCore.Mvc;

namespace Chapp.Web.Chat;

/// <summary>Display names for the user names a page shows (who reacted): one call per room view for the names it lacks.</summary>
public sealed partial class ChatHub
{
    /// <summary>The display names of <paramref name="userNames"/> (at most <see cref="DisplayNames.MaxPerCall"/>).</summary>
    public Task<IReadOnlyDictionary<string, string>> GetDisplayNames(string[] userNames, [FromServices] DisplayNames names) =>
        Call(() => names.ResolveAsync(userNames ?? []));
}
