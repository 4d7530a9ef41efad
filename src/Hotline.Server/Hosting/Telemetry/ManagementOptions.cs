using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Hotline.Server.Hosting.Telemetry;

/// <summary>Section <c>Management</c>: the port Prometheus scrapes, apart from the public one.</summary>
public sealed class ManagementOptions
{
    public const string Section = "Management";
    public const string UrlsKey = Section + ":" + nameof(Urls);
    public const string DefaultUrls = "http://127.0.0.1:9464";

    /// <summary>Where <c>/metrics</c> is served (http only, semicolon-separated like <c>--urls</c>); never a public port.</summary>
    public string Urls { get; set; } = DefaultUrls;

    /// <summary>How often the gauges read from the database (calls waiting, referrals overdue) are refreshed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Management:DatabaseGaugeInterval must be between 00:00:01 and 01:00:00.")]
    public TimeSpan DatabaseGaugeInterval { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary>One address of the management port, as Kestrel listens on it.</summary>
public sealed record ManagementAddress(IPAddress? Address, int Port)
{
    /// <summary>Null address: <c>localhost</c> (both loopbacks).</summary>
    public bool IsLocalhost => Address is null;

    /// <summary>
    /// <c>Management:Urls</c> read and checked: http, a port, an IP address or <c>localhost</c>, and no port that the
    /// public URLs (<c>--urls</c>, <c>ASPNETCORE_URLS</c>) use. Throws a message naming the setting otherwise.
    /// </summary>
    public static IReadOnlyList<ManagementAddress> Parse(string? urls, string? publicUrls)
    {
        if (string.IsNullOrWhiteSpace(urls))
        {
            throw Invalid("is empty; give an http URL such as " + ManagementOptions.DefaultUrls);
        }

        var publicPorts = (publicUrls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(url => TryParseBinding(url, out var binding) ? binding.Port : -1)
            .Where(port => port > 0)
            .ToHashSet();
        var addresses = new List<ManagementAddress>();
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!TryParseBinding(url, out var binding))
            {
                throw Invalid($"'{url}' is not a URL such as {ManagementOptions.DefaultUrls}");
            }

            if (!string.Equals(binding.Scheme, "http", StringComparison.OrdinalIgnoreCase))
            {
                throw Invalid($"'{url}': only http is served on the management port (keep it on a private interface)");
            }

            if (binding.PathBase.Length > 0)
            {
                throw Invalid($"'{url}': no path (metrics are served at /metrics)");
            }

            if (binding.Port > 0 && publicPorts.Contains(binding.Port))
            {
                throw Invalid($"'{url}': port {binding.Port} is also a public port (--urls); metrics are never served on the public port");
            }

            IPAddress? address;
            if (string.Equals(binding.Host, "localhost", StringComparison.OrdinalIgnoreCase))
            {
                address = null;
            }
            else if (binding.Host is "*" or "+")
            {
                address = IPAddress.IPv6Any;
            }
            else if (!IPAddress.TryParse(binding.Host.Trim('[', ']'), out address))
            {
                throw Invalid($"'{url}': the host must be an IP address or localhost");
            }

            addresses.Add(new ManagementAddress(address, binding.Port));
        }

        return addresses;
    }

    private static bool TryParseBinding(string url, out BindingAddress binding)
    {
        try
        {
            binding = BindingAddress.Parse(url);
            return !binding.IsUnixPipe && binding.Port >= 0;
        }
        catch (FormatException)
        {
            binding = null!;
            return false;
        }
    }

    private static InvalidOperationException Invalid(string reason) => new($"{ManagementOptions.UrlsKey} {reason}.");
}
