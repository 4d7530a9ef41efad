using System.Diagnostics;
using Npgsql;

namespace Hotline.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster from the machine's binaries: temp folder, free port, fsync off.
/// As root the cluster belongs to the "postgres" OS user (initdb refuses root).
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private readonly string _root;
    private readonly string _bin;
    private bool _running;

    private PostgresCluster(string root, string bin, int port)
    {
        _root = root;
        _bin = bin;
        Port = port;
    }

    public int Port { get; }

    private string DataDirectory => Path.Combine(_root, "data");

    /// <summary>The role that owns the schema (migrations); see DatabaseMigrator.</summary>
    public const string OwnerRole = "hotline_owner";

    /// <summary>The role the server connects with: rows only, no DDL, an append-only audit trail.</summary>
    public const string ApplicationRole = "hotline_app";

    /// <summary>As the cluster's superuser: for test set-up only, never for the server.</summary>
    public string ConnectionString(string database) => ConnectionString(database, "postgres");

    public string OwnerConnectionString(string database) => ConnectionString(database, OwnerRole);

    public string ApplicationConnectionString(string database) => ConnectionString(database, ApplicationRole);

    // Idle connections closed after 10 s (Npgsql keeps them 5 min): every test app has its own database and pool, and
    // a suite's worth of finished apps' idle connections otherwise exhausted the cluster's 400 ("remaining connection
    // slots are reserved") once the suite ran fast enough.
    private string ConnectionString(string database, string role) =>
        $"Host=127.0.0.1;Port={Port};Username={role};Database={database};Timeout=5;Command Timeout=30;Connection Idle Lifetime=10;Connection Pruning Interval=2";

    public static async Task<PostgresCluster> StartAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), "hotline-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        if (IsRoot)
        {
            await RunAsync("chown", ["postgres:", root]);
        }

        var cluster = new PostgresCluster(root, FindBinaries(), TestPorts.Free());
        await cluster.RunAsPostgresAsync("initdb", ["-D", cluster.DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"]);
        await cluster.StartServerAsync();
        await cluster.ExecuteAsync($"CREATE ROLE {OwnerRole} LOGIN; CREATE ROLE {ApplicationRole} LOGIN;");
        return cluster;
    }

    public async Task StartServerAsync()
    {
        await RunAsPostgresAsync("pg_ctl",
        [
            "-D", DataDirectory, "-l", Path.Combine(_root, "postgres.log"), "-w", "-t", "60",
            "-o", $"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400",
            "start",
        ]);
        _running = true;
    }

    /// <summary>Stops the server but keeps its data, to test what happens while the database is down.</summary>
    public async Task StopServerAsync()
    {
        // "fast", not "immediate": with synchronous_commit off an immediate stop would lose recent commits.
        await RunAsPostgresAsync("pg_ctl", ["-D", DataDirectory, "-m", "fast", "-w", "stop"]);
        _running = false;
        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>A database owned by the owner role (as an operator would create it), empty or copied from a template.</summary>
    public Task CreateDatabaseAsync(string name, string? template = null) =>
        ExecuteAsync(template is null
            ? $"CREATE DATABASE \"{name}\" OWNER {OwnerRole}"
            : $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\" OWNER {OwnerRole}");

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_running)
        {
            try
            {
                await StopServerAsync();
            }
            catch (InvalidOperationException)
            {
                // Already gone: nothing to stop.
            }
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static string FindBinaries()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("HOTLINE_PG_BIN");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        var candidates = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(version => Path.Combine(version, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "initdb")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var v) ? v : 0)
                .ToList()
            : [];
        return candidates.FirstOrDefault()
            ?? throw new InvalidOperationException("PostgreSQL binaries not found under /usr/lib/postgresql (apt-get install postgresql, or set HOTLINE_PG_BIN).");
    }


    private Task RunAsPostgresAsync(string tool, IReadOnlyList<string> arguments)
    {
        var executable = Path.Combine(_bin, tool);
        return IsRoot ? RunAsync("runuser", ["-u", "postgres", "--", executable, .. arguments]) : RunAsync(executable, arguments);
    }

    private static async Task RunAsync(string fileName, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // Keep the parent's working folder out of it: the postgres user may not be able to enter it.
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error}{await output}");
        }
    }
}
