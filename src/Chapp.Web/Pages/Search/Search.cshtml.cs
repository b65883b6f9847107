using Chapp.Grains;
using Chapp.Web.Identity;
using Chapp.Web.Search;
using Chapp.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Chapp.Web.Pages.Search;

/// <summary>
/// The search page, rendered on the server (it works without script): results from the reader's own rooms only,
/// with the text around each match; a result opens its room at that message. It takes no room from the request.
/// </summary>
public sealed class SearchModel(MessageSearch search, UserActionLimiter limiter) : PageModel
{
    /// <summary>What the reader typed.</summary>
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    /// <summary>The page of results asked for, from 1 (<c>?page=</c>).</summary>
    public int PageNumber { get; private set; } = 1;

    /// <summary>The results, or null before a search (or when it was refused).</summary>
    public SearchResults? Results { get; private set; }

    /// <summary>Why the search was refused, or empty.</summary>
    public string Problem { get; private set; } = string.Empty;

    /// <summary>Runs the search in <see cref="Query"/>, if any, for result page <paramref name="page"/>.</summary>
    /// <remarks>
    /// Read from the query string only: "page" is also a route value of every Razor page (its path), which a bound
    /// property named so would get instead, showing page 1 for every page.
    /// </remarks>
    public async Task<IActionResult> OnGetAsync([FromQuery(Name = "page")] int page = 1)
    {
        PageNumber = page;
        if (string.IsNullOrWhiteSpace(Query))
        {
            return Page();
        }

        if (!limiter.TryAcquire(LimitedAction.Search, User.UserName()))
        {
            Problem = UserActionLimiter.Refusal(LimitedAction.Search);
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return Page();
        }

        try
        {
            Results = await search.SearchAsync(User.UserName(), Query, PageNumber);
        }
        catch (ChatException error) when (error.Code == ChatErrorCode.Invalid)
        {
            Problem = error.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }

    /// <summary>The address of another page of the same search.</summary>
    public string PageLink(int page) => $"/search?q={Uri.EscapeDataString(Query ?? string.Empty)}&page={page}";
}
