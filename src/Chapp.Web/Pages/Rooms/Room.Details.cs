using Chapp.Grains;
using Chapp.Web.Chat;
using Chapp.Web.Identity;
using Chapp.Web.Security;
using Microsoft.AspNetCore.Mvc;

namespace Chapp.Web.Pages.Rooms;

/// <summary>The room's details beside the messages: topic, members, adding people to a group; all work without script.</summary>
public sealed partial class RoomModel
{
    /// <summary>Who is in the room and who has it open (see <see cref="RoomMembers"/>).</summary>
    public IReadOnlyList<MemberView> Members { get; private set; } = [];

    /// <summary>A new topic from the form without script.</summary>
    [BindProperty]
    public string? NewTopic { get; set; }

    /// <summary>User names to add to a group, separated by commas or spaces, from the form without script.</summary>
    [BindProperty]
    public string? AddPeople { get; set; }

    /// <summary>Sets the topic without script, then shows the room again.</summary>
    public Task<IActionResult> OnPostTopicAsync(string id, [FromServices] UserActionLimiter limiter) =>
        Change(id, limiter, nameof(NewTopic), () => grains.GetRoom(id).SetTopic(User.UserName(), NewTopic ?? string.Empty));

    /// <summary>Adds people to a group without script, then shows the room again.</summary>
    public Task<IActionResult> OnPostAddMembersAsync(string id, [FromServices] UserActionLimiter limiter) =>
        Change(id, limiter, nameof(AddPeople), () => grains.GetRoom(id).AddMembers(User.UserName(), SplitNames(AddPeople)));

    /// <summary>User names typed into one field: separated by commas, semicolons or white space; a leading '@' is dropped.</summary>
    public static IReadOnlyList<string> SplitNames(string? names) =>
        (names ?? string.Empty).Split([',', ';', ' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries)
            .Select(n => n.TrimStart('@')).Where(n => n.Length > 0).ToArray();

    private async Task<IActionResult> Change(string id, UserActionLimiter limiter, string field, Func<Task<RoomInfo>> change)
    {
        if (!await Load(id))
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }

        try
        {
            if (!limiter.TryAcquire(LimitedAction.ChangeRoom, User.UserName()))
            {
                throw new ChatException(ChatErrorCode.Invalid, UserActionLimiter.Refusal(LimitedAction.ChangeRoom));
            }

            await change();
            return RedirectToPage(new { id });
        }
        catch (ChatException error)
        {
            ModelState.AddModelError(field, error.Message);
        }

        await ShowMessages();
        ShowControls();
        await LoadMembers();
        return Page();
    }

    private async Task LoadMembers() => Members = await RoomMembers.ListAsync(grains, Room!);
}
