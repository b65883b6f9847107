namespace Chapp.Web.Tests.Formatting;

/// <summary>
/// Message texts and how they must be shown, in the notation of <see cref="AllowedHtml.Shown"/>: which bare URLs,
/// written links and mentions become links and mentions (MessageFormat's rules, through MessageMarkdown).
/// </summary>
public static class LinkCorpus
{
    /// <summary>Text, then the expected rendering.</summary>
    public static readonly (string Text, string Shown)[] Cases =
    [
        ("see https://example.com/a?b=1#c now", "see [https://example.com/a?b=1#c] now"),
        ("HTTP://EXAMPLE.COM works too", "[HTTP://EXAMPLE.COM] works too"),
        ("end of sentence https://example.com.", "end of sentence [https://example.com]."),
        ("list: https://a.example/x, https://b.example/y; done!", "list: [https://a.example/x], [https://b.example/y]; done!"),
        ("(see https://example.com/page)", "(see [https://example.com/page])"),
        ("wiki https://en.wikipedia.org/wiki/Rust_(language) ok", "wiki [https://en.wikipedia.org/wiki/Rust_(language)] ok"),
        ("[https://example.com/x]", "[[https://example.com/x]]"),
        ("quoted \"https://example.com/q\"", "quoted \"[https://example.com/q]\""),
        ("port http://localhost:8080/path", "port [http://localhost:8080/path]"),
        ("javascript:alert(1)", "javascript:alert(1)"),
        ("javascript://example.com/%0Aalert(1)", "javascript://example.com/%0Aalert(1)"),
        ("data:text/html,<script>alert(1)</script>", "data:text/html,<script>alert(1)</script>"),
        ("ftp://example.com/file and mailto:bob@example.com", "ftp://example.com/file and mailto:bob@example.com"),
        ("xhttps://example.com glued", "xhttps://example.com glued"),
        ("https:// nothing", "https:// nothing"),
        ("https://bank.example@evil.example/login", "https://bank.example@evil.example/login"),
        ("https://exa\u202Eelpmaxe.com", "[https://exa]\u202Eelpmaxe.com"),
        ("<a href=\"https://example.com\">x</a>", "<a href=\"[https://example.com]\">x</a>"),
        ("<img src=x onerror=alert(1)>", "<img src=x onerror=alert(1)>"),
        ("https://example.com/\"onmouseover=alert(1)", "[https://example.com/]\"onmouseover=alert(1)"),
        ("https://example.com/" + new string('a', 2100), "https://example.com/" + new string('a', 2100)),
        ("hi @bob, and @bobby and @BOB.", "hi {@bob}, and {@bobby} and {@BOB}."),
        ("mail bob@bob.example or @alice", "mail bob@bob.example or {@alice}"),
        ("@al is too short, @alice_b-2. fits", "@al is too short, {@alice_b-2}. fits"),
        ("https://example.com/@bob", "[https://example.com/@bob]"),
        ("line one\nhttps://example.com/two\n@bob", "line one\n[https://example.com/two]\n{@bob}"),
        ("[the docs](https://example.com/docs) and <https://example.com/a>", "<the docs|https://example.com/docs> and [https://example.com/a]"),
        ("[x](javascript:alert(1)) [y](JaVaScRiPt:alert(2)) [z](java&#115;cript:alert(3))", "[x](javascript:alert(1)) [y](JaVaScRiPt:alert(2)) [z](java&#115;cript:alert(3))"),
        ("[x](data:text/html;base64,PHNjcmlwdD4=) <data:text/html,x> <javascript:alert(1)>", "[x](data:text/html;base64,PHNjcmlwdD4=) <data:text/html,x> <javascript:alert(1)>"),
        ("[x](https://bank.example@evil.example/) <https://bank.example@evil.example/>", "[x](https://bank.example@evil.example/) <https://bank.example@evil.example/>"),
        ("[x](//evil.example/a) [y](/rooms/lobby) <mailto:bob@example.com> <bob@example.com>", "[x](//evil.example/a) [y](/rooms/lobby) <mailto:bob@example.com> <bob@example.com>"),
        ("![cat](https://example.com/cat.png)", "![cat](https://example.com/cat.png)"),
        ("[see https://inner.example here](https://outer.example/)", "<see https://inner.example here|https://outer.example/>"),
        ("[@bob's page](https://example.com/b)", "<@bob's page|https://example.com/b>"),
        ("`https://example.com/code @bob`", "<code:https://example.com/code @bob>"),
    ];
}
