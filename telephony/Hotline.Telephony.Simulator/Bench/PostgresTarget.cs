using System.Data.Common;
using System.Globalization;

namespace Hotline.Telephony.Simulator.Bench;

/// <summary>
/// The PostgreSQL cluster the server uses, as pgbench and psql need it. From a connection string
/// (<c>--database</c> or <c>$ConnectionStrings__Hotline</c>), or else from the private cluster <c>./run.sh</c> keeps in
/// <c>.data/postgres</c> (its port in <c>postmaster.pid</c>, its password beside it).
/// </summary>
public sealed record PostgresTarget(string Host, int Port, string User, string? Password, string Database, string Source)
{
    public const string EnvironmentVariable = "ConnectionStrings__Hotline";

    public static PostgresTarget? FromConnectionString(string connectionString, string source)
    {
        var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        string? Get(params string[] keys) =>
            keys.Select(key => builder.TryGetValue(key, out var value) ? value?.ToString() : null).FirstOrDefault(v => !string.IsNullOrEmpty(v));

        var host = Get("Host", "Server");
        if (host is null)
        {
            return null;
        }

        var port = int.TryParse(Get("Port"), NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : 5432;
        return new PostgresTarget(host, port, Get("Username", "User ID", "User", "UserId") ?? "postgres", Get("Password"), Get("Database") ?? "postgres", source);
    }

    /// <summary>The cluster of <c>./run.sh</c> in <paramref name="start"/> or a folder above it, when it is running.</summary>
    public static PostgresTarget? FromRunScriptCluster(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            var cluster = Path.Combine(directory.FullName, ".data", "postgres");
            var pidFile = Path.Combine(cluster, "data", "postmaster.pid");
            var passwordFile = Path.Combine(cluster, "password");
            if (!File.Exists(passwordFile))
            {
                continue;
            }

            try
            {
                // postmaster.pid: pid, data folder, start time, port, socket folder, listen address, …
                var lines = File.ReadAllLines(pidFile);
                if (lines.Length >= 4 && int.TryParse(lines[3].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var port))
                {
                    return new PostgresTarget("127.0.0.1", port, "postgres", File.ReadAllText(passwordFile).Trim(), "hotline", $"{cluster} (./run.sh)");
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }

            return null;
        }

        return null;
    }

    /// <summary>Where the cluster is found: the option, then the environment, then ./run.sh's cluster.</summary>
    public static PostgresTarget? Resolve(string? option, string currentDirectory)
    {
        if (!string.IsNullOrEmpty(option))
        {
            return FromConnectionString(option, "--database");
        }

        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment)
        {
            return FromConnectionString(fromEnvironment, "$" + EnvironmentVariable);
        }

        return FromRunScriptCluster(currentDirectory);
    }

    public bool IsLoopback => Host is "localhost" or "::1" || Host.StartsWith("127.", StringComparison.Ordinal);

    public override string ToString() => $"{User}@{Host}:{Port.ToString(CultureInfo.InvariantCulture)} ({Source})";
}
