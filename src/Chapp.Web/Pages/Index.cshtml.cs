using Chapp.Grains;
using Chapp.Web.Identity;
using Chapp.Web.Security;
using Chapp.Web.Shell;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Chapp.Web.Pages;

/// <summary>The home page: the reader's rooms, the public rooms, and forms to create a room or open a conversation.</summary>
public sealed class IndexModel(IGrainFactory grains, UserActionLimiter limiter, SidebarLoader sidebar) : PageModel
{
    /// <summary>Most joined rooms the page lists (the latest joined); anyone can add conversations to a user's list.</summary>
    public const int MaxListed = 100;

    /// <summary>The latest rooms the reader joined (at most <see cref="MaxListed"/>), in the order joined.</summary>
    public IReadOnlyList<JoinedRoom> Joined { get; private set; } = [];

    /// <summary>How many joined rooms are not listed.</summary>
    public int NotListed { get; private set; }

    /// <summary>The public rooms.</summary>
    public IReadOnlyList<RoomSummary> Public { get; private set; } = [];

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
        // The sidebar's one inbox call: it carries each room's name (no call per room).
        var me = User.UserName();
        var all = (await sidebar.GetInboxAsync(me)).Rooms;
        NotListed = Math.Max(0, all.Count - MaxListed);
        Joined = all.Skip(NotListed).Select(r => new JoinedRoom(r.RoomId, r.Label)).ToArray();
        Public = await grains.GetRoomDirectory().List();
    }
}
