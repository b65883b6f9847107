namespace Chapp.Web.Tests.Formatting;

/// <summary>
/// Message texts written to get markup, script or a dangerous link into other people's pages. Rendered, each must
/// hold only the allowed elements and attributes (<see cref="AllowedHtml"/>) and run nothing, on the server and in a
/// real browser.
/// </summary>
public static class HostileMarkdown
{
    /// <summary>The corpus. Every text is a valid message (at most 4000 characters, no control characters).</summary>
    public static readonly string[] Texts =
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<svg/onload=alert(1)> <iframe src=javascript:alert(1)></iframe> <style>*{display:none}</style>",
        "<a href=\"javascript:alert(1)\">click</a> <b onmouseover=alert(1)>hover</b> <!-- <script>alert(1)</script> -->",
        "<div>\n<script>alert(1)</script>\n</div>",
        "[click](javascript:alert(1)) [click](JAVASCRIPT:alert(1)) [click]( javascript:alert(1) )",
        "[click](java&#115;cript:alert(1)) [click](&#x6A;avascript:alert(1)) [click](javascript&colon;alert(1))",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) [click](vbscript:msgbox(1))",
        "<javascript:alert(1)> <data:text/html,<script>alert(1)</script>> <JaVaScRiPt:alert(1)>",
        "[click][evil]\n\n[evil]: javascript:alert(1)",
        "![x](javascript:alert(1)) ![x](https://example.com/x.png \"onerror=alert(1)\") ![x](x onerror=alert(1))",
        "[a](https://example.com/ \"title\\\" onmouseover=\\\"alert(1)\")",
        "[a](https://example.com/\" onmouseover=\"alert(1)) [b](<https://example.com/ onmouseover=alert(1)>)",
        "https://example.com/\"><script>alert(1)</script> https://example.com/'onmouseover='alert(1)",
        "[**[inner](javascript:alert(1))**](https://example.com/) [*[x](https://a.example/)*](https://b.example/)",
        "***[x](javascript:alert(1))*** _<img src=x onerror=alert(1)>_ **`<script>`** __`<img src=x onerror=alert(1)>`__",
        "`<script>alert(1)</script>` ``<img src=x onerror=alert(1)>`` ` `` <b>not</b> `` `",
        "```html\n<script>alert(1)</script>\n<img src=x onerror=alert(1)>\n```",
        "```\" onmouseover=\"alert(1)\n<b>x</b>\n```",
        "    <script>alert(1)</script>\n    <img src=x onerror=alert(1)>",
        "> <script>alert(1)</script>\n> [x](javascript:alert(1))\n>> <img src=x onerror=alert(1)>",
        "&lt;script&gt;alert(1)&lt;/script&gt; &#60;img src=x onerror=alert(1)&#62; &amp;lt;b&amp;gt; &#0; &#xD800;",
        "\\<script>alert(1)\\</script> \\[x\\](javascript:alert(1))",
        "# <script>alert(1)</script>\n- <img src=x onerror=alert(1)>\n1. x\n\n---\n| a | b |\n|---|---|\n| <b>x</b> | y |",
        "@bob\"><script>alert(1)</script> @<script>alert(1)</script> @a\"onmouseover=\"alert(1)",
        "https://bank.example@evil.example/ [x](https://bank.example@evil.example/) <https://user:pw@evil.example/>",
        "https://exa\u202Eelpmaxe.com [a](https://exa\u200Bmple.com/) <https://example.com/\u202E>",
        "https://example.com/" + new string('a', 2100),
        new string('>', 200) + " deep",
        new string('*', 1000) + "x" + new string('*', 1000),
        string.Concat(Enumerable.Repeat("[", 1300)) + "x" + string.Concat(Enumerable.Repeat("](javascript:alert(1))", 120)),
        string.Concat(Enumerable.Repeat("<img src=x onerror=alert(1)>", 140)),
    ];
}
