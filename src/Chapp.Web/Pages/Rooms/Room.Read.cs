using Chapp.Grains;
using Chapp.Web.Identity;
using Chapp.Web.Security;
using Microsoft.AspNetCore.Mvc;

namespace Chapp.Web.Pages.Rooms;

/// <summary>
/// Read positions over plain HTTP: what a page leaving (tab closed, reload, hidden) sends with
/// <c>navigator.sendBeacon</c>, where a hub call may not complete. Same rules as the hub's <c>MarkRead</c>.
/// </summary>
public sealed partial class RoomModel
{
    /// <summary>
    /// Stores that the reader has read room <paramref name="id"/> up to the form's <c>seq</c>: 204, 400 for a bad
    /// room id or seq, 404 for a room not in the reader's list, 429 when too fast. Antiforgery-checked like every
    /// page form.
    /// </summary>
    public async Task<IActionResult> OnPostReadAsync(string id, [FromForm] long? seq, [FromServices] UserActionLimiter limiter)
    {
        if (!ChatRules.IsRoomId(id) || seq is not >= 0)
        {
            return BadRequest();
        }

        if (!limiter.TryAcquire(LimitedAction.MarkRead, User.UserName()))
        {
            return StatusCode(StatusCodes.Status429TooManyRequests);
        }

        var entry = await grains.GetUserInbox(User.UserName()).MarkRead(id, seq.Value);
        return entry is null ? NotFound() : StatusCode(StatusCodes.Status204NoContent);
    }

    /// <summary>The cookie app.js sets: this browser runs the page script, which marks rooms read while they are seen.</summary>
    public const string ScriptCookie = "chapp-script";

    // Without script nothing else would ever mark a room read, so opening it does, up to the last message rendered.
    // With script the page marks it read only while it is seen (not in a background tab); a prefetch is not a visit.
    private async Task MarkReadWithoutScript()
    {
        if (ReadSeq is null || Messages.Count == 0 || Request.Cookies.ContainsKey(ScriptCookie)
            || Request.Headers.ContainsKey("Sec-Purpose") || Request.Headers.ContainsKey("Purpose"))
        {
            return;
        }

        if (await grains.GetUserInbox(User.UserName()).MarkRead(Room!.Id, Messages[^1].Seq) is { } entry)
        {
            sidebar.Replace(entry); // the sidebar on this page shows the room read
        }
    }
}
