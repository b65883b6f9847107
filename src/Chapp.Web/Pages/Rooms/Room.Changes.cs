using Chapp.Grains;
using Chapp.Web.Identity;
using Chapp.Web.Security;
using Microsoft.AspNetCore.Mvc;

namespace Chapp.Web.Pages.Rooms;

/// <summary>
/// Editing, deleting and reacting without script: forms on the room page that make the hub's grain calls under the
/// hub's limit (<see cref="LimitedAction.ChangeMessage"/>, checked before anything is loaded), so the grain's rules (own messages only, the edit window,
/// reactions per user) hold alike. A change redirects back to the message (post/redirect/get); a refusal shows the
/// page again with the reason at the message and changes nothing.
/// </summary>
public sealed partial class RoomModel
{
    /// <summary>The no-script controls on the page's messages, and the state the address or a refusal put them in.</summary>
    public MessageControls? Controls { get; private set; }

    /// <summary>The message whose edit form the page shows (<c>?edit=seq</c>).</summary>
    [BindProperty(SupportsGet = true, Name = "edit")]
    public long? EditSeq { get; set; }

    /// <summary>The message the page asks about deleting (<c>?delete=seq</c>).</summary>
    [BindProperty(SupportsGet = true, Name = "delete")]
    public long? DeleteSeq { get; set; }

    /// <summary>The message whose reaction picker the page shows (<c>?react=seq</c>).</summary>
    [BindProperty(SupportsGet = true, Name = "react")]
    public long? ReactSeq { get; set; }

    /// <summary>Replaces the text of the reader's message <paramref name="seq"/> with <paramref name="newText"/>.</summary>
    public Task<IActionResult> OnPostEditAsync(string id, [FromForm] long? seq, [FromForm] string? newText,
        [FromServices] UserActionLimiter limiter) =>
        ChangeMessage(id, seq, limiter, (room, target) => room.Edit(User.UserName(), target, newText ?? string.Empty),
            editText: newText ?? string.Empty);

    /// <summary>Deletes the reader's message <paramref name="seq"/>.</summary>
    public Task<IActionResult> OnPostDeleteAsync(string id, [FromForm] long? seq, [FromServices] UserActionLimiter limiter) =>
        ChangeMessage(id, seq, limiter, (room, target) => room.Delete(User.UserName(), target));

    /// <summary>
    /// Adds the reader's reaction <paramref name="add"/> to message <paramref name="seq"/>, or takes back their
    /// <paramref name="remove"/> (the reaction bar's toggles name one or the other).
    /// </summary>
    public Task<IActionResult> OnPostReactAsync(string id, [FromForm] long? seq, [FromForm] string? add, [FromForm] string? remove,
        [FromServices] UserActionLimiter limiter) =>
        ChangeMessage(id, seq, limiter, (room, target) => string.IsNullOrEmpty(remove)
            ? room.React(User.UserName(), target, add ?? string.Empty, on: true, User.DisplayName())
            : room.React(User.UserName(), target, remove, on: false));

    // The controls as a GET leaves them: a state named in the address applies only to a message the reader may change.
    private void ShowControls()
    {
        var editableSince = EditableSince();
        bool Own(long? seq, bool edit = false) =>
            seq is { } s && Messages.Any(m => m.Seq == s && !m.Deleted && IsOwn(m) && (!edit || m.SentAt >= editableSince));
        Controls = new MessageControls(Room!.Id, At, Own(EditSeq, edit: true) ? EditSeq : null, Own(DeleteSeq) ? DeleteSeq : null,
            ReactSeq is { } r && Messages.Any(m => m.Seq == r && !m.Deleted) ? ReactSeq : null, EditableSince: editableSince);
    }

    // Messages sent before this are past the edit window: the page offers no Edit for them (the grain refuses anyway).
    private DateTimeOffset EditableSince() => DateTimeOffset.UtcNow - roomOptions.Value.EditWindow;

    private async Task<IActionResult> ChangeMessage(string id, long? seq, UserActionLimiter limiter,
        Func<IChatRoomGrain, long, Task<ChatMessage>> change, string? editText = null)
    {
        // The limit first: a refused flood costs no grain call (not even the room's look-up or the page's sidebar),
        // so the answer is the reason alone; the browser's Back button returns to the room.
        if (!limiter.TryAcquire(LimitedAction.ChangeMessage, User.UserName()))
        {
            Response.Headers.RetryAfter = "10";
            return new ContentResult
            {
                StatusCode = StatusCodes.Status429TooManyRequests,
                ContentType = "text/plain; charset=utf-8",
                Content = UserActionLimiter.Refusal(LimitedAction.ChangeMessage),
            };
        }

        if (!await Load(id))
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }

        var target = seq ?? 0;
        try
        {
            await change(grains.GetRoom(Room!.Id), target);
            return LocalRedirect(new MessageControls(Room.Id, At is > 0 ? At : null).Link(target));
        }
        catch (ChatException error) when (error.Code != ChatErrorCode.Unavailable)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await ShowMessages();
            Controls = new MessageControls(Room!.Id, At, Editing: editText is null ? null : target, ErrorSeq: target,
                Error: error.Message, EditText: editText, EditableSince: EditableSince());
            await LoadMembers();
            return Page();
        }
    }
}
