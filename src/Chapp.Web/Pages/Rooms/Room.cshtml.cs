using Chapp.Grains;
using Chapp.Web.Chat;
using Chapp.Web.Chat.Rooms;
using Chapp.Web.Identity;
using Chapp.Web.Security;
using Chapp.Web.Shell;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Chapp.Web.Pages.Rooms;

/// <summary>
/// The chat page: the latest messages rendered on the server (readable without script), then chat.js takes over
/// live delivery, sending and older pages. The form also posts without script.
/// </summary>
public sealed partial class RoomModel(IGrainFactory grains, SidebarLoader sidebar, IOptions<RoomOptions> roomOptions) : PageModel
{
    /// <summary>The room, or null when it does not exist or the reader may not see it.</summary>
    public RoomInfo? Room { get; private set; }

    /// <summary>Why <see cref="Room"/> is null.</summary>
    public string Problem { get; private set; } = string.Empty;

    /// <summary>The latest messages, oldest first.</summary>
    public IReadOnlyList<ChatMessage> Messages { get; private set; } = [];

    /// <summary>True when older messages exist than those shown.</summary>
    public bool HasOlder => Messages.Count > 0 && Messages[0].Seq > 1;

    /// <summary>The page heading: the room name, or who a conversation is with.</summary>
    public string Title { get; private set; } = "Room";

    /// <summary>The message text of a post without script.</summary>
    [BindProperty]
    public string? Text { get; set; }

    /// <summary>The client message id of a post without script, so a resubmitted form stores once.</summary>
    [BindProperty]
    public string? ClientMessageId { get; set; }

    /// <summary>True when the reader wrote <paramref name="message"/>.</summary>
    public bool IsOwn(ChatMessage message) => string.Equals(message.Author, User.UserName(), StringComparison.OrdinalIgnoreCase);

    /// <summary>The reader's stored read position in the room when messages after it are unread; else null.</summary>
    public long? ReadSeq { get; private set; }

    /// <summary>
    /// The first unread message when it is on the page ("New messages" goes above it); null otherwise (when it is
    /// older than the page, the script loads older pages to reach it). Unread as the counts have it: after the read
    /// position, not deleted, not the reader's own (room-pane.js places it alike).
    /// </summary>
    public long? FirstUnreadSeq =>
        ReadSeq is { } read && At is null ? Messages.FirstOrDefault(m => m.Seq > read && !m.Deleted && !IsOwn(m))?.Seq : null;

    /// <summary>
    /// The room's last seq as the page reflects it (events after the newest message included): the script resumes
    /// from here, so an edit after the last message is not taken for a gap. Opened at an older message with newer
    /// messages after the page, it is the page's last: the script loads the rest.
    /// </summary>
    public long LastSeq => HasNewer ? Messages[^1].Seq : Math.Max(Room?.LastSeq ?? 0, Messages.Count > 0 ? Messages[^1].Seq : 0);

    /// <summary>Why the room is not in the reader's list although they opened it (their list is full), or empty.</summary>
    public string ListNotice { get; private set; } = string.Empty;

    /// <summary>The message the page opened at (a search result), or null for the latest messages.</summary>
    [BindProperty(SupportsGet = true, Name = "at")]
    public long? At { get; set; }

    /// <summary>True when newer messages exist than those shown (the page opened at an older message).</summary>
    public bool HasNewer { get; private set; }

    /// <summary>
    /// Shows the room (the latest messages, or those around <see cref="At"/>) and adds it to the reader's rooms (a
    /// conversation they left comes back).
    /// </summary>
    public async Task<IActionResult> OnGetAsync(string id)
    {
        if (!await Load(id))
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }

        try
        {
            await grains.GetUser(User.UserName()).JoinRoom(Room!.Id);
        }
        catch (ChatException error)
        {
            // A full list (anyone can fill it by opening conversations with the user) must not hide the room.
            ListNotice = error.Message;
        }

        var entries = sidebar.GetAsync(User.UserName());
        await ShowMessages();
        ShowControls();
        var entry = (await entries).FirstOrDefault(r => r.RoomId == Room!.Id);
        ReadSeq = entry is { Unread: > 0 } ? entry.ReadSeq : null;
        await MarkReadWithoutScript();
        await LoadMembers();
        return Page();
    }

    /// <summary>Sends a message without script, then shows the room again.</summary>
    public async Task<IActionResult> OnPostSendAsync(string id, [FromServices] UserActionLimiter limiter)
    {
        if (!await Load(id))
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }

        if (!limiter.TryAcquire(LimitedAction.Send, User.UserName()))
        {
            return StatusCode(StatusCodes.Status429TooManyRequests);
        }

        try
        {
            await grains.GetRoom(Room!.Id).Post(User.UserName(), User.DisplayName(), Text ?? string.Empty,
                ClientMessageId ?? Guid.NewGuid().ToString("N"));
        }
        catch (ChatException error)
        {
            ModelState.AddModelError(nameof(Text), error.Message);
            await ShowMessages();
            ShowControls();
            return Page();
        }

        return RedirectToPage(new { id });
    }

    /// <summary>
    /// Leaves the room, then goes home: out of the reader's list, out of a group's members (no more reading it), and
    /// this process's open connections of the reader stop receiving it at once. Opening a public room or a direct
    /// conversation again puts it back; a group needs a member to add the reader again.
    /// </summary>
    public async Task<IActionResult> OnPostLeaveAsync(string id, [FromServices] RoomSubscriptions subscriptions)
    {
        if (ChatRules.IsRoomId(id))
        {
            try
            {
                await grains.GetRoom(id).Leave(User.UserName());
            }
            catch (ChatException)
            {
                // Not a room the reader can see: only a stale entry in their list to drop.
                await grains.GetUser(User.UserName()).LeaveRoom(id);
            }

            await subscriptions.RemoveUserAsync(id, User.UserName());
        }

        return LocalRedirect("/");
    }

    // The latest messages, or those around At. Newer is about messages: events after the page's last message (an
    // edit, a reaction) are already reflected in it, so they alone do not make a "Newer" link.
    private async Task ShowMessages()
    {
        var room = grains.GetRoom(Room!.Id);
        if (At is > 0)
        {
            Messages = await room.GetAround(User.UserName(), At.Value, ChatHub.PageSize);
            HasNewer = Messages.Count > 0 && Messages[^1].Seq < Room.LastSeq
                && await room.GetLatest(User.UserName(), 1) is [var latest] && latest.Seq > Messages[^1].Seq;
        }
        else
        {
            At = null;
            Messages = await room.GetLatest(User.UserName(), ChatHub.PageSize);
        }
    }

    private async Task<bool> Load(string id)
    {
        if (!ChatRules.IsRoomId(id))
        {
            Problem = "That is not a room address.";
            return false;
        }

        var room = await grains.GetRoom(id).GetInfo();
        if (room is null || !room.Admits(User.UserName()))
        {
            // A private room of others looks the same as a missing one: its existence is nobody else's business.
            Problem = $"There is no room '{id}' you can open.";
            return false;
        }

        Room = room;
        Title = RoomLabels.For(room, User.UserName());
        return true;
    }
}
