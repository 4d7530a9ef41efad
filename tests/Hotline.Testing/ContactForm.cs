using System.Net;
using System.Text.RegularExpressions;

namespace Hotline.Testing;

/// <summary>What the contact page gives its script: the signed form token (when the page was served), read from the HTML.</summary>
public static partial class ContactForm
{
    /// <summary>Reads <paramref name="path"/> and answers its form token, as the page's script would send it.</summary>
    public static async Task<string> TokenAsync(HttpClient client, string path = "/contact")
    {
        var html = await client.GetStringAsync(path);
        var match = FormToken().Match(html);
        if (!match.Success)
        {
            throw new InvalidOperationException($"No form token on {path}.");
        }

        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    [GeneratedRegex("name=\"formToken\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();
}
