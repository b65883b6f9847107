using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Chapp.Web.Formatting;

namespace Chapp.Web.Tests.Formatting;

/// <summary>
/// A strict reading of a rendered message body: it must be well-formed markup (an XML parse, stricter than a browser's)
/// made only of the allowed elements and attributes. The browser test checks the same allow-list on the live DOM.
/// </summary>
public static partial class AllowedHtml
{
    /// <summary>The elements a message body may hold, each with the attributes it may carry.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Elements = new Dictionary<string, string[]>
    {
        ["p"] = [], ["br"] = [], ["strong"] = [], ["em"] = [], ["code"] = [], ["pre"] = [], ["blockquote"] = [],
        ["a"] = ["href", "rel", "target"],
        ["span"] = ["class", "data-user"],
    };

    /// <summary>The body as elements under one root; throws when it is not well-formed.</summary>
    public static XElement Parse(string html)
    {
        using var reader = XmlReader.Create(
            new StringReader("<body>" + html + "</body>"),
            new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, CheckCharacters = false });
        return XElement.Load(reader);
    }

    /// <summary>Every element or attribute of <paramref name="html"/> outside the allow-list, and every bad value.</summary>
    public static IReadOnlyList<string> Violations(string html)
    {
        XElement body;
        try
        {
            body = Parse(html);
        }
        catch (XmlException error)
        {
            return [$"not well-formed: {error.Message}"];
        }

        var found = new List<string>();
        foreach (var element in body.Descendants())
        {
            var name = element.Name.LocalName;
            if (!Elements.TryGetValue(name, out var allowed))
            {
                found.Add($"element <{name}>");
                continue;
            }

            found.AddRange(element.Attributes().Where(a => !allowed.Contains(a.Name.LocalName)).Select(a => $"attribute {name}[{a.Name}]"));
            if (name == "a")
            {
                var href = (string?)element.Attribute("href") ?? string.Empty;
                if (!Uri.TryCreate(href, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.UserInfo.Length > 0)
                {
                    found.Add($"link to '{href}'");
                }

                if ((string?)element.Attribute("rel") != ChatMarkdownExtension.LinkRel || (string?)element.Attribute("target") != "_blank")
                {
                    found.Add($"link to '{href}' without rel/target");
                }
            }
            else if (name == "span"
                && ((string?)element.Attribute("class") != "mention" || !UserName().IsMatch((string?)element.Attribute("data-user") ?? string.Empty)))
            {
                found.Add($"span {element}");
            }
        }

        return found;
    }

    /// <summary>
    /// What a body shows, compactly: text as it is, a link whose text is its address as <c>[url]</c>, another link as
    /// <c>&lt;text|url&gt;</c>, a mention as <c>{@name}</c>, a line break as the newline after it; any other element as <c>&lt;name:…&gt;</c>.
    /// </summary>
    public static string Shown(string html)
    {
        var shown = new StringBuilder();
        Append(shown, Parse(html).Nodes());
        return shown.ToString().Trim();
    }

    private static void Append(StringBuilder shown, IEnumerable<XNode> nodes)
    {
        foreach (var node in nodes)
        {
            switch (node)
            {
                case XText text:
                    shown.Append(text.Value);
                    break;
                case XElement { Name.LocalName: "a" } a when a.Value == (string?)a.Attribute("href"):
                    shown.Append('[').Append(a.Value).Append(']');
                    break;
                case XElement { Name.LocalName: "a" } a:
                    shown.Append('<').Append(a.Value).Append('|').Append((string?)a.Attribute("href")).Append('>');
                    break;
                case XElement { Name.LocalName: "span" } span:
                    Assert.Equal(span.Value[1..].ToLowerInvariant(), (string?)span.Attribute("data-user"));
                    shown.Append('{').Append(span.Value).Append('}');
                    break;
                case XElement { Name.LocalName: "br" }:
                    break; // the renderer writes a newline after it
                case XElement { Name.LocalName: "p" } p:
                    Append(shown, p.Nodes());
                    break;
                case XElement other:
                    shown.Append('<').Append(other.Name.LocalName).Append(':');
                    Append(shown, other.Nodes());
                    shown.Append('>');
                    break;
            }
        }
    }

    [GeneratedRegex("^[a-z0-9_.-]{3,32}$")]
    private static partial Regex UserName();
}
