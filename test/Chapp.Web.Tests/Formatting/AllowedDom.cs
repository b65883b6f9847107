using Microsoft.Playwright;

namespace Chapp.Web.Tests.Formatting;

/// <summary>
/// The browser-side twin of <see cref="AllowedHtml"/>: reads the live DOM of rendered bodies and names every element,
/// attribute or link outside the allow-list, as a person's browser built it (not as the server sent it).
/// </summary>
public static class AllowedDom
{
    private const string Script =
        """
        ([selector, allowed, spansAreMentions]) => {
            const found = [];
            for (const body of document.querySelectorAll(selector)) {
                for (const el of body.querySelectorAll("*")) {
                    const name = el.localName;
                    const attributes = allowed[name];
                    if (!attributes) { found.push("element <" + name + ">"); continue; }
                    for (const attribute of el.attributes) {
                        if (!attributes.includes(attribute.name)) found.push("attribute " + name + "[" + attribute.name + "]");
                    }
                    if (name === "a" && !/^https?:$/.test(el.protocol)) found.push("link to " + el.href);
                    if (spansAreMentions && name === "span" && !el.classList.contains("mention")) found.push("span " + el.className);
                }
            }
            return found;
        }
        """;

    /// <summary>Every violation inside the elements matching <paramref name="bodySelector"/> on the page.</summary>
    public static Task<string[]> ViolationsAsync(IPage page, string bodySelector,
        IReadOnlyDictionary<string, string[]> allowed, bool spansAreMentions = false) =>
        page.EvaluateAsync<string[]>(Script, new object[] { bodySelector, allowed, spansAreMentions });
}
