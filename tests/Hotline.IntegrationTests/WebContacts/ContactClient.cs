using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hotline.Testing;

namespace Hotline.IntegrationTests.WebContacts;

/// <summary>Plays a family on the contact page: reads the page (its form token), sends the form as the page's script does.</summary>
internal static class ContactClient
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public const string Phone = "06 98 76 54 32";
    public const string Email = "parent.inquiet@example.test";
    public const string MessageText = "Mon fils Théo Martin ne parle plus à personne et veut partir rejoindre un groupe.";

    public static async Task<string> FormTokenAsync(HotlineAppFactory app, string path = "/contact")
    {
        using var client = app.CreateApiClient();
        return await ContactForm.TokenAsync(client, path);
    }

    public static async Task<Dictionary<string, object?>> ValidFormAsync(HotlineAppFactory app) => new()
    {
        ["message"] = MessageText,
        ["motive"] = "Signal",
        ["relation"] = "MyChild",
        ["ageBand"] = "From15To17",
        ["postalCode"] = "13150",
        ["phone"] = Phone,
        ["email"] = Email,
        ["messageAllowed"] = false,
        ["callbackWindow"] = "Morning",
        ["acknowledged"] = true,
        ["language"] = "fr",
        ["website"] = null,
        ["formToken"] = await FormTokenAsync(app),
    };

    public static async Task<HttpResponseMessage> SendAsync(HotlineAppFactory app, object form)
    {
        using var client = app.CreateApiClient();
        return await client.PostAsJsonAsync("/api/public/contact", form);
    }

    public static async Task<string> SendValidAsync(HotlineAppFactory app, Action<Dictionary<string, object?>>? change = null)
    {
        var form = await ValidFormAsync(app);
        change?.Invoke(form);
        using var response = await SendAsync(app, form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("reference").GetString()!;
    }
}
