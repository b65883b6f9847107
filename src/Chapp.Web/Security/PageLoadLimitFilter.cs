using Chapp.Web.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Chapp.Web.Security;

/// <summary>
/// Caps how fast one signed-in user loads pages (<see cref="LimitedAction.PageLoad"/>). Every such page draws the
/// sidebar from the user's inbox (a grain call and a log query over all their rooms), so a script reloading any page,
/// a missing one or a refused search would otherwise cost that per request. A refusal is the reason alone, as plain
/// text, before the page's handler or layout calls any grain.
/// </summary>
public sealed class PageLoadLimitFilter(UserActionLimiter limiter) : IAsyncPageFilter
{
    /// <inheritdoc />
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    /// <inheritdoc />
    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var http = context.HttpContext;
        // Form posts have limits of their own, and what they redirect to is a GET that counts here.
        var drawsPage = HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method);
        if (drawsPage && http.User.Identity?.IsAuthenticated == true && !limiter.TryAcquire(LimitedAction.PageLoad, http.User.UserName()))
        {
            http.Response.Headers.RetryAfter = "10";
            context.Result = new ContentResult
            {
                StatusCode = StatusCodes.Status429TooManyRequests,
                ContentType = "text/plain; charset=utf-8",
                Content = UserActionLimiter.Refusal(LimitedAction.PageLoad),
            };
            return;
        }

        await next();
    }
}
