using Chapp.Grains;
using Chapp.Web.Identity;
using Chapp.Web.Pages.Rooms;
using Chapp.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Chapp.Web.Pages.Conversations;

/// <summary>
/// Starts a group conversation of 3 to 20 people, picked by user name. A plain form: it works without script. The
/// group's unguessable address is made when the form is shown, so a form sent twice opens the one group.
/// </summary>
public sealed class NewModel(IGrainFactory grains, UserActionLimiter limiter) : PageModel
{
    /// <summary>The group's name; empty makes one from the members' names.</summary>
    [BindProperty]
    public string? Name { get; set; }

    /// <summary>The other members' user names, separated by commas or spaces.</summary>
    [BindProperty]
    public string? People { get; set; }

    /// <summary>The address the group will get (<see cref="GroupRooms.NewRoomId"/>), made when the form is shown.</summary>
    [BindProperty]
    public string GroupId { get; set; } = string.Empty;

    /// <summary>Shows an empty form.</summary>
    public void OnGet() => GroupId = GroupRooms.NewRoomId();

    /// <summary>Creates the group and opens it, or shows the form again with the reason.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        var me = User.UserName();
        if (!GroupRooms.IsGroupRoomId(GroupId))
        {
            GroupId = GroupRooms.NewRoomId();
        }

        if (!limiter.TryAcquire(LimitedAction.OpenConversation, me))
        {
            ModelState.AddModelError(nameof(People), UserActionLimiter.Refusal(LimitedAction.OpenConversation));
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return Page();
        }

        try
        {
            var room = await grains.GetRoom(GroupId).CreateGroup(Name ?? string.Empty, me, RoomModel.SplitNames(People));
            return Redirect("/rooms/" + room.Id);
        }
        catch (ChatException error)
        {
            ModelState.AddModelError(nameof(People), error.Message);
            if (error.Message.Contains("taken", StringComparison.Ordinal))
            {
                GroupId = GroupRooms.NewRoomId();
            }
        }

        return Page();
    }
}
