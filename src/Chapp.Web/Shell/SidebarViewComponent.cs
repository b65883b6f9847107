using Chapp.Web.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Chapp.Web.Shell;

/// <summary>The sidebar of the app shell: the reader's rooms as links, with counts, the open room marked.</summary>
public sealed class SidebarViewComponent(SidebarLoader loader) : ViewComponent
{
    /// <summary>Renders the sidebar; <paramref name="currentRoomId"/> is the room open in the main pane, if any.</summary>
    public async Task<IViewComponentResult> InvokeAsync(string? currentRoomId)
    {
        var me = UserClaimsPrincipal.UserName();
        var rooms = await loader.GetAsync(me);
        var all = (await loader.GetInboxAsync(me)).Rooms.Count;
        return View(new SidebarView(rooms, currentRoomId, all - rooms.Count));
    }
}
