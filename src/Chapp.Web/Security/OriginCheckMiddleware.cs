using Microsoft.Extensions.Options;

namespace Chapp.Web.Security;

/// <summary>
/// Refuses with 403 a hub request (negotiate or WebSocket) that a browser sent from another site's page. A browser
/// sends the user's cookie on a cross-site WebSocket and WebSockets are not bound by CORS, so without this check any
/// page the user visits could chat as them. Allowed: no <c>Origin</c> header (not a browser, e.g. the .NET SignalR
/// client; browsers always send it on WebSockets and cross-origin fetches), the app's own origin as the request
/// names it (after forwarded headers), and <see cref="OriginOptions.AllowedOrigins"/>.
/// </summary>
public sealed class OriginCheckMiddleware(RequestDelegate next, IOptionsMonitor<OriginOptions> options)
{
    /// <summary>The path under which the check applies.</summary>
    public static readonly PathString HubPath = "/hubs";

    /// <summary>The body of a refusal.</summary>
    public const string Refusal = "A page on another site may not connect to Chapp.";

    /// <summary>Checks the origin of hub requests, then runs the rest of the pipeline.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments(HubPath) || IsAllowed(context.Request))
        {
            return next(context);
        }

        // Written here with a body, so no hub code runs and the status page does not replace the answer.
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(Refusal);
    }

    /// <summary>Parses an origin (<c>scheme://host[:port]</c>, nothing more); false for anything else, e.g. "null".</summary>
    public static bool TryParseOrigin(string? value, out Uri origin)
    {
        origin = null!;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.PathAndQuery != "/" || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            return false;
        }

        origin = uri;
        return true;
    }

    private bool IsAllowed(HttpRequest request)
    {
        var header = request.Headers.Origin;
        if (header.Count == 0)
        {
            return true;
        }

        if (header.Count > 1 || !TryParseOrigin(header[0], out var origin))
        {
            return false;
        }

        return (TryParseOrigin($"{request.Scheme}://{request.Host.Value}", out var own) && SameOrigin(origin, own))
            || options.CurrentValue.AllowedOrigins.Any(a => TryParseOrigin(a, out var allowed) && SameOrigin(origin, allowed));
    }

    // Scheme, host and port, with a default port written or not.
    private static bool SameOrigin(Uri a, Uri b) =>
        Uri.Compare(a, b, UriComponents.SchemeAndServer, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) == 0;
}
