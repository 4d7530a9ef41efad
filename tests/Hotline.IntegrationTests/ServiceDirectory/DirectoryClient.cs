using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Hotline.Server.ServiceDirectory;

namespace Hotline.IntegrationTests.ServiceDirectory;

/// <summary>What the directory tests share: JSON as the server writes it, and a few requests.</summary>
internal static class DirectoryClient
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static async Task<List<ServiceSummary>> ListAsync(this HttpClient client, string query = "")
    {
        using var response = await client.GetAsync("/api/directory/services" + query, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<List<ServiceSummary>>(Json, TestContext.Current.CancellationToken))!;
    }

    public static async Task<ServiceDto> GetServiceAsync(this HttpClient client, Guid id) =>
        (await client.GetFromJsonAsync<ServiceDto>($"/api/directory/services/{id}", Json, TestContext.Current.CancellationToken))!;

    public static Task<HttpResponseMessage> CreateAsync(this HttpClient client, object request) =>
        client.PostAsJsonAsync("/api/directory/services", request, Json, TestContext.Current.CancellationToken);

    public static async Task<RoutingDecision> RouteAsync(this HttpClient client, RoutingIntent intent, string? commune = null, string? departement = null, string? postalCode = null)
    {
        using var response = await client.PostAsJsonAsync(
            "/api/directory/routing", new RoutingQuery(intent, commune, departement, postalCode), Json, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<RoutingDecision>(Json, TestContext.Current.CancellationToken))!;
    }

    /// <summary>A charter signed by all three, allowing direct transmission from the line, in force for years.</summary>
    public static readonly ProtocolDto DirectCharter = new(
        new DateOnly(2025, 1, 15), "Préfet de police des Bouches-du-Rhône", "Maire", "Procureur de la République", true, [], new DateOnly(2099, 1, 15));

    /// <summary>A commune cell with a charter that lets the line send to it (without one it receives nothing).</summary>
    public static ServiceRequest CommuneCell(string name, params string[] communes) =>
        new($"Commune ({name})", name, ServiceKind.CommuneCell, Communes: communes, Protocol: DirectCharter);

    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }
}
