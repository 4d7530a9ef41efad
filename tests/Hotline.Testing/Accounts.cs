using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hotline.Server.Identity;

namespace Hotline.Testing;

/// <summary>Accounts made through the admin API, and their two-factor enrolment, for tests that need their own users.</summary>
public static class Accounts
{
    public sealed record TestUser(Guid Id, string UserName, string Password);

    /// <summary>
    /// Creates a user with a generated password through <c>POST /api/admin/users</c> (as <paramref name="admin"/>).
    /// That password is temporary: until the user replaces it, only sign-in and the password change work
    /// (<see cref="CreateReadyUserAsync"/> does that step too).
    /// </summary>
    public static async Task<TestUser> CreateUserAsync(this HttpClient admin, string role, string[]? departements = null, string[]? communes = null)
    {
        var userName = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}"[..24];
        using var response = await admin.PostAsJsonAsync("/api/admin/users", new
        {
            userName,
            displayName = "Test " + role,
            roles = new[] { role },
            departements = departements ?? [],
            communes = communes ?? [],
        });
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Creating {userName} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        var created = (await response.Content.ReadFromJsonAsync<CreatedUser>())!;
        return new TestUser(created.User.Id, userName, created.TemporaryPassword!);
    }

    /// <summary>
    /// Creates a user as <see cref="CreateUserAsync"/> does, then replaces the temporary password as the user
    /// does at their first sign-in: the returned password is the user's own, and the account is usable.
    /// </summary>
    public static async Task<TestUser> CreateReadyUserAsync(
        this HotlineAppFactory app, HttpClient admin, string role, string[]? departements = null, string[]? communes = null)
    {
        var user = await admin.CreateUserAsync(role, departements, communes);
        var own = $"Own-{Guid.NewGuid():N}"[..20] + "-Aa1";
        using var client = await app.SignInAsync(user.UserName, user.Password);
        using var changed = await client.PostAsJsonAsync("/api/account/password", new { currentPassword = user.Password, newPassword = own });
        if (changed.StatusCode != HttpStatusCode.NoContent)
        {
            throw new InvalidOperationException($"Changing {user.UserName}'s temporary password failed: {(int)changed.StatusCode} {await changed.Content.ReadAsStringAsync()}");
        }

        return user with { Password = own };
    }

    /// <summary>Enrols an authenticator for the signed-in <paramref name="client"/>; returns the shared key and the recovery codes.</summary>
    public static async Task<(string SharedKey, IReadOnlyList<string> RecoveryCodes)> EnrolAsync(this HttpClient client)
    {
        using var setup = await client.PostAsync("/api/account/mfa/setup", null);
        setup.EnsureSuccessStatusCode();
        var key = (await setup.Content.ReadFromJsonAsync<MfaSetup>())!.SharedKey;
        using var enable = await client.PostAsJsonAsync("/api/account/mfa/enable", new { code = AuthenticatorApp.Code(key) });
        if (!enable.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Enrolment failed: {(int)enable.StatusCode} {await enable.Content.ReadAsStringAsync()}");
        }

        return (key, (await enable.Content.ReadFromJsonAsync<RecoveryCodes>())!.Codes);
    }

    /// <summary>The "code" member of a ProblemDetails body, if any.</summary>
    public static async Task<string?> ProblemCodeAsync(this HttpResponseMessage response)
    {
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.TryGetProperty("code", out var code) ? code.GetString() : null;
    }
}
