using Chapp.Grains;
using Chapp.Web.Identity;
using Chapp.Web.Security;
using Chapp.Web.Shell;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Chapp.Web.Pages;

/// <summary>
/// The home page: where to go next. The reader's own rooms are in the sidebar; here are the public rooms they have not
/// joined, and forms to start a conversation or a group and to create a room.
/// </summary>
public sealed class IndexModel(IGrainFactory grains, UserActionLimiter limiter, SidebarLoader sidebar) : PageModel
{
    /// <summary>Public rooms the reader has not joined (their own rooms are in the sidebar).</summary>
    public IReadOnlyList<RoomSummary> ToJoin { get; private set; } = [];

    /// <summary>True when the reader has joined every public room.</summary>
    public bool JoinedAllPublic { get; private set; }

    /// <summary>The name of a room to create.</summary>
    [BindProperty]
    public string? RoomName { get; set; }

    /// <summary>The user to open a direct conversation with.</summary>
    [BindProperty]
    public string? OtherUser { get; set; }

    /// <summary>Shows the lists.</summary>
    public Task OnGetAsync() => Load();

    /// <summary>Creates a public room (or opens it when it exists), joins it and goes there.</summary>
    public async Task<IActionResult> OnPostCreateAsync()
    {
        if (!limiter.TryAcquire(LimitedAction.CreateRoom, User.UserName()))
        {
            return await Refused(nameof(RoomName), LimitedAction.CreateRoom);
        }

        try
        {
            var name = ChatRules.RoomName(RoomName);
            var id = ChatRules.RoomIdFromName(name);
            var room = await grains.GetRoom(id).Create(name, RoomKind.Public, User.UserName(), []);
            if (room.Admits(User.UserName()))
            {
                await grains.GetUser(User.UserName()).JoinRoom(room.Id);
                return Redirect("/rooms/" + room.Id);
            }

            ModelState.AddModelError(nameof(RoomName), "That name is taken; choose another.");
        }
        catch (ChatException error)
        {
            ModelState.AddModelError(nameof(RoomName), error.Message);
        }

        await Load();
        return Page();
    }

    /// <summary>Opens (creating if needed) the private conversation of the reader and another user.</summary>
    public async Task<IActionResult> OnPostDirectAsync()
    {
        var me = User.UserName();
        if (!limiter.TryAcquire(LimitedAction.OpenConversation, me))
        {
            return await Refused(nameof(OtherUser), LimitedAction.OpenConversation);
        }

        var other = OtherUser?.Trim() ?? string.Empty;
        try
        {
            ChatRules.UserName(other);
            var account = await grains.GetUser(other).GetAccount();
            if (account is null)
            {
                ModelState.AddModelError(nameof(OtherUser), $"There is no user '{other}'.");
            }
            else if (string.Equals(account.UserName, me, StringComparison.OrdinalIgnoreCase))
            {
                ModelState.AddModelError(nameof(OtherUser), "That is you. Enter someone else's user name.");
            }
            else
            {
                var id = DirectRooms.RoomId(me, account.UserName);
                var name = $"{me} & {account.UserName}";
                await grains.GetRoom(id).Create(name.Length > ChatRules.MaxRoomNameLength ? name[..ChatRules.MaxRoomNameLength] : name,
                    RoomKind.Private, me, [account.UserName]);
                return Redirect("/rooms/" + id);
            }
        }
        catch (ChatException error)
        {
            ModelState.AddModelError(nameof(OtherUser), error.Message);
        }

        await Load();
        return Page();
    }

    // Too fast: the form again with the reason next to the field, as 429.
    private async Task<IActionResult> Refused(string field, LimitedAction action)
    {
        ModelState.AddModelError(field, UserActionLimiter.Refusal(action));
        await Load();
        Response.StatusCode = StatusCodes.Status429TooManyRequests;
        return Page();
    }

    private async Task Load()
    {
        // The sidebar's one inbox call tells which rooms the reader has (no call per room).
        var mine = (await sidebar.GetInboxAsync(User.UserName())).Rooms.Select(r => r.RoomId).ToHashSet(StringComparer.Ordinal);
        var all = await grains.GetRoomDirectory().List();
        ToJoin = all.Where(r => !mine.Contains(r.Id)).ToArray();
        JoinedAllPublic = all.Count > 0 && ToJoin.Count == 0;
    }
}
