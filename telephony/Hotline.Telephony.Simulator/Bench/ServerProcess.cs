using System.Globalization;

namespace Hotline.Telephony.Simulator.Bench;

/// <summary>The server's memory, read from Linux's /proc (the benchmark targets this machine only).</summary>
public static class ServerProcess
{
    /// <summary>Resident set size in bytes (VmRSS of /proc/PID/status), or null if unreadable.</summary>
    public static long? Rss(int pid) => StatusField(pid, "VmRSS:");

    /// <summary>Peak resident set size since the process started (VmHWM), or null.</summary>
    public static long? PeakRss(int pid) => StatusField(pid, "VmHWM:");

    /// <summary>
    /// CPU time the process has used (user + system, fields 14 and 15 of /proc/PID/stat, in USER_HZ = 100 ticks a
    /// second on Linux), or null.
    /// </summary>
    public static TimeSpan? CpuTime(int pid) => CpuTime(pid, includeEndedChildren: false);

    /// <summary>
    /// <see cref="CpuTime(int)"/>, and with <paramref name="includeEndedChildren"/> the CPU time of its children that
    /// have ended (fields 16 and 17: cutime, cstime), e.g. PostgreSQL backends of connections already closed.
    /// </summary>
    public static TimeSpan? CpuTime(int pid, bool includeEndedChildren)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = 0L;
            foreach (var index in includeEndedChildren ? [11, 12, 13, 14] : new[] { 11, 12 })
            {
                if (!long.TryParse(fields[index], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                {
                    return null;
                }

                ticks += value;
            }

            return TimeSpan.FromSeconds(ticks / 100.0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>CPU time of a process and its children, running or ended (PostgreSQL: the postmaster and its backends), or null.</summary>
    public static TimeSpan? TreeCpuTime(int pid)
    {
        if (CpuTime(pid, includeEndedChildren: true) is not { } total)
        {
            return null;
        }

        foreach (var directory in SafeDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var child)
                && ParentOf(child) == pid && CpuTime(child) is { } cpu)
            {
                total += cpu;
            }
        }

        return total;
    }

    /// <summary>The parent process id (field 4 of /proc/PID/stat), or null.</summary>
    public static int? ParentOf(int pid)
    {
        var stat = SafeRead($"/proc/{pid}/stat");
        var end = stat?.LastIndexOf(')') ?? -1;
        if (stat is null || end < 0 || end + 2 >= stat.Length)
        {
            return null;
        }

        var fields = stat[(end + 2)..].Split(' ');
        return fields.Length > 1 && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parent) ? parent : null;
    }

    /// <summary>The PostgreSQL postmaster listening on a local TCP port (a process named postgres owning the socket), or null.</summary>
    public static int? FindPostmaster(int port)
    {
        var listeners = ListeningInodes(port);
        foreach (var directory in SafeDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && SafeRead($"{directory}/comm")?.Trim() == "postgres"
                && OwnsSocket(pid, listeners))
            {
                return pid;
            }
        }

        return null;
    }

    public static long? StatusField(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    return ParseKilobytes(line[field.Length..]);
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }

    /// <summary>"   123456 kB" → bytes.</summary>
    public static long? ParseKilobytes(string text)
    {
        var parts = text.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 2 && parts[1] == "kB" && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kb)
            ? kb * 1024
            : null;
    }

    /// <summary>
    /// The Hotline server's process: among processes whose command line names Hotline.Server.dll (or the
    /// Hotline.Server apphost), the one listening on <paramref name="port"/>; if the socket owner cannot be told
    /// (other users' processes), the only candidate. Null when it cannot be found unambiguously.
    /// </summary>
    public static int? Find(int port, out string how)
    {
        var candidates = new List<int>();
        foreach (var directory in SafeDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            var commandLine = SafeRead($"{directory}/cmdline")?.Replace('\0', ' ');
            if (commandLine is not null && (commandLine.Contains("Hotline.Server.dll", StringComparison.Ordinal)
                || commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.EndsWith("/Hotline.Server", StringComparison.Ordinal) == true))
            {
                candidates.Add(pid);
            }
        }

        var listeners = ListeningInodes(port);
        var owners = candidates.Where(pid => OwnsSocket(pid, listeners)).ToList();
        if (owners.Count == 1)
        {
            how = $"listening on port {port}";
            return owners[0];
        }

        if (candidates.Count == 1)
        {
            how = "the only Hotline.Server process";
            return candidates[0];
        }

        how = candidates.Count == 0
            ? "no Hotline.Server process found"
            : $"{candidates.Count} Hotline.Server processes and none found listening on port {port}: pass --server-pid";
        return null;
    }

    /// <summary>Inodes of the sockets listening on a TCP port (IPv4 and IPv6).</summary>
    private static HashSet<string> ListeningInodes(int port)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            var text = SafeRead(table);
            if (text is null)
            {
                continue;
            }

            foreach (var line in text.Split('\n').Skip(1))
            {
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length < 10 || fields[3] != "0A")
                {
                    continue;
                }

                var local = fields[1];
                var colon = local.LastIndexOf(':');
                if (colon > 0 && int.TryParse(local[(colon + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var localPort) && localPort == port)
                {
                    inodes.Add(fields[9]);
                }
            }
        }

        return inodes;
    }

    private static bool OwnsSocket(int pid, HashSet<string> inodes)
    {
        if (inodes.Count == 0)
        {
            return false;
        }

        foreach (var fd in SafeFiles($"/proc/{pid}/fd"))
        {
            try
            {
                var target = new FileInfo(fd).LinkTarget;
                if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal) && inodes.Contains(target[8..^1]))
                {
                    return true;
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return false;
    }

    private static string? SafeRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string[] SafeDirectories(string path)
    {
        try
        {
            return System.IO.Directory.GetDirectories(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static string[] SafeFiles(string path)
    {
        try
        {
            return System.IO.Directory.GetFiles(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
