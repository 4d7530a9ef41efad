using System.Diagnostics;
using System.Text.RegularExpressions;
using Hotline.Tests.Architecture;
using YamlDotNet.RepresentationModel;

namespace Hotline.Tests.Deployment;

/// <summary>
/// docker/: the compose file starts things in the right order, gives each process only its own secrets, as files,
/// and commits none; the image runs as a non-root user with a health check; HAProxy's configuration is valid. Cheap
/// checks of the files only: running the stack is docker/local-check.sh (minutes, podman).
/// </summary>
public sealed partial class ContainerFilesTests
{
    private static readonly string Docker = Path.Combine(SourceTree.Root, "docker");
    private static readonly string[] Instances = ["hotline-1", "hotline-2"];
    private static readonly string[] HAProxyPaths = ["/usr/sbin/haproxy", "/usr/local/sbin/haproxy", "/usr/bin/haproxy"];

    private readonly YamlMappingNode _compose = Load(Path.Combine(Docker, "compose.yaml"));

    private YamlMappingNode Services => (YamlMappingNode)_compose["services"];

    private YamlMappingNode Service(string name) => (YamlMappingNode)Services[name];

    [Fact]
    public void Compose_has_the_database_its_one_shot_steps_redis_two_instances_and_the_balancer()
    {
        var names = Services.Children.Keys.Select(key => ((YamlScalarNode)key).Value).Order(StringComparer.Ordinal);
        Assert.Equal(["balancer", "database-roles", "hotline-1", "hotline-2", "migrate", "postgres", "redis"], names);
        Assert.Equal(["migrate"], Sequence(Service("migrate"), "command"));
    }

    [Fact]
    public void Servers_start_after_migrate_succeeded_which_runs_after_the_roles_which_wait_for_a_healthy_database()
    {
        foreach (var instance in Instances)
        {
            Assert.Equal("service_completed_successfully", DependsOn(instance, "migrate"));
        }

        Assert.Equal("service_completed_successfully", DependsOn("migrate", "database-roles"));
        Assert.Equal("service_healthy", DependsOn("database-roles", "postgres"));
        Assert.True(Service("postgres").Children.ContainsKey("healthcheck"), "postgres needs a health check for service_healthy");
        Assert.Equal("no", Scalar(Service("migrate"), "restart"));
        Assert.Equal("no", Scalar(Service("database-roles"), "restart"));
    }

    [Fact]
    public void Servers_connect_as_the_application_role_and_only_migrate_gets_the_owner()
    {
        foreach (var instance in Instances)
        {
            var environment = Environment(instance);
            Assert.Contains("ConnectionStrings__Hotline_FILE", environment.Keys);
            Assert.DoesNotContain(environment.Keys, key => key.StartsWith("ConnectionStrings__HotlineOwner", StringComparison.Ordinal));
            Assert.DoesNotContain("hotline_owner_connection", Sequence(Service(instance), "secrets"));
            Assert.Contains("Redis__ConnectionString_FILE", environment.Keys);
        }

        Assert.Contains("ConnectionStrings__HotlineOwner_FILE", Environment("migrate").Keys);
        Assert.Equal("/run/secrets/hotline_owner_connection", Environment("migrate")["ConnectionStrings__HotlineOwner_FILE"]);
    }

    [Fact]
    public void Forwarded_headers_are_believed_from_the_balancers_fixed_address_only()
    {
        var balancerAddress = Scalar((YamlMappingNode)((YamlMappingNode)Service("balancer")["networks"])["hotline"], "ipv4_address");
        foreach (var instance in Instances)
        {
            Assert.Equal(balancerAddress, Environment(instance)["ForwardedHeaders__KnownProxies"]);
        }

        Assert.Matches(@"^\$\{HOTLINE_BALANCER_ADDRESS:-\d+\.\d+\.\d+\.\d+\}$", balancerAddress);
    }

    [Fact]
    public void No_secret_is_written_in_the_compose_file_every_one_is_a_file_under_the_ignored_secrets_folder()
    {
        var text = File.ReadAllText(Path.Combine(Docker, "compose.yaml"));
        Assert.DoesNotMatch(SecretLiteral(), text);

        foreach (var (name, service) in Services.Children.Select(pair => (((YamlScalarNode)pair.Key).Value!, (YamlMappingNode)pair.Value)))
        {
            foreach (var (key, value) in Environment(name))
            {
                var secretName = SecretSetting().IsMatch(key);
                Assert.False(secretName && !key.EndsWith("_FILE", StringComparison.Ordinal) && !key.EndsWith("CertificatePath", StringComparison.Ordinal),
                    $"{name}: {key} carries a secret in the environment; give it as {key}_FILE");
                if (key.EndsWith("_FILE", StringComparison.Ordinal))
                {
                    Assert.StartsWith("/run/secrets/", value);
                    Assert.Contains(value["/run/secrets/".Length..], Sequence(service, "secrets"));
                }
            }
        }

        var declared = (YamlMappingNode)_compose["secrets"];
        var generator = File.ReadAllText(Path.Combine(Docker, "make-secrets.sh"));
        foreach (var (name, secret) in declared.Children.Select(pair => (((YamlScalarNode)pair.Key).Value!, (YamlMappingNode)pair.Value)))
        {
            var file = Scalar(secret, "file");
            Assert.StartsWith("${HOTLINE_SECRETS_DIR:-./secrets}/", file);
            var fileName = file["${HOTLINE_SECRETS_DIR:-./secrets}/".Length..];
            Assert.True(generator.Contains(fileName, StringComparison.Ordinal), $"make-secrets.sh does not make {fileName}");
        }

        Assert.Equal(["*", "!.gitignore"], File.ReadAllLines(Path.Combine(Docker, "secrets", ".gitignore")).Where(line => !line.StartsWith('#')));
        Assert.Contains(".env", File.ReadAllLines(Path.Combine(Docker, ".gitignore")));
    }

    [Fact]
    public void Every_secret_a_service_mounts_is_declared()
    {
        var declared = ((YamlMappingNode)_compose["secrets"]).Children.Keys.Select(key => ((YamlScalarNode)key).Value).ToHashSet();
        foreach (var service in Services.Children.Values.Cast<YamlMappingNode>())
        {
            Assert.All(Sequence(service, "secrets"), secret => Assert.Contains(secret, declared));
        }
    }

    [Fact]
    public void The_env_example_has_settings_and_no_secret_value()
    {
        var lines = File.ReadAllLines(Path.Combine(Docker, ".env.example"))
            .Select(line => line.TrimStart('#', ' '))
            .Where(line => Regex.IsMatch(line, "^[A-Z_]+="));
        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.DoesNotMatch("PASSWORD|TOKEN|_KEY$", line.Split('=')[0]));
        var text = File.ReadAllText(Path.Combine(Docker, ".env.example"));
        Assert.DoesNotMatch(SecretLiteral(), text);
    }

    [Fact]
    public void The_image_runs_as_a_non_root_user_with_a_health_check_and_production_base_images_by_default()
    {
        var lines = File.ReadAllLines(Path.Combine(Docker, "Dockerfile"));
        Assert.Contains("ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0", lines);
        Assert.Contains("ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0", lines);
        var runtimeStage = lines.SkipWhile(line => !line.StartsWith("FROM ${RUNTIME_IMAGE}", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(runtimeStage);
        Assert.Equal("USER app", runtimeStage.Last(line => line.StartsWith("USER ", StringComparison.Ordinal)));
        Assert.Contains(runtimeStage, line => line.StartsWith("HEALTHCHECK ", StringComparison.Ordinal) && line.Contains("hotline-healthcheck", StringComparison.Ordinal));
        Assert.Contains("/health/live", File.ReadAllText(Path.Combine(Docker, "healthcheck.sh")));
        Assert.Contains(runtimeStage, line => line.Contains("zoneinfo/Europe/Paris", StringComparison.Ordinal));
        Assert.Contains(runtimeStage, line => line.Contains("libicuuc", StringComparison.Ordinal));
    }

    [Fact]
    public void HAProxy_checks_readiness_keeps_consoles_on_one_instance_and_knows_both_instances()
    {
        var path = Path.Combine(Docker, "haproxy.cfg");
        var config = File.ReadAllText(path);
        Assert.Contains("option httpchk GET /health/ready", config);
        Assert.Contains("cookie HOTLINE_INSTANCE insert", config);
        Assert.Contains("timeout tunnel 1h", config);
        foreach (var instance in Instances)
        {
            Assert.Matches($@"(?m)^\s*server \S+ {instance}:8080 check", config);
        }

        var haproxy = HAProxyPaths.FirstOrDefault(File.Exists);
        if (haproxy is null)
        {
            return; // The structure above is checked; the syntax needs HAProxy (./test.sh installs it).
        }

        using var check = Process.Start(new ProcessStartInfo(haproxy, ["-c", "-f", path]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = check.StandardOutput.ReadToEnd() + check.StandardError.ReadToEnd();
        Assert.True(check.WaitForExit(TimeSpan.FromSeconds(30)), "haproxy -c did not finish");
        Assert.True(check.ExitCode == 0, $"haproxy -c -f docker/haproxy.cfg:\n{output}");
    }

    private string DependsOn(string service, string dependency) =>
        Scalar((YamlMappingNode)((YamlMappingNode)Service(service)["depends_on"])[dependency], "condition");

    /// <summary>A service's environment after YAML merges (the instances share theirs through an anchor).</summary>
    private Dictionary<string, string> Environment(string service) =>
        Service(service).Children.TryGetValue("environment", out var environment)
            ? ((YamlMappingNode)environment).Children.ToDictionary(pair => ((YamlScalarNode)pair.Key).Value!, pair => ((YamlScalarNode)pair.Value).Value ?? "")
            : [];

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value!;

    private static List<string> Sequence(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) ? [.. ((YamlSequenceNode)value).Children.Select(item => ((YamlScalarNode)item).Value!)] : [];

    private static YamlMappingNode Load(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        // Merge keys (<<: *anchor) resolved as Compose does.
        stream.Load(new YamlDotNet.Core.MergingParser(new YamlDotNet.Core.Parser(reader)));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    /// <summary>A password or token written out: "Password=abc", "password: abc", "requirepass abc".</summary>
    [GeneratedRegex(@"(?i)(password[ \t]*[=:][ \t]*[^\s$""'{]|requirepass[ \t]+[^\s%$]|AuthToken[ \t]*[=:][ \t]*[^\s$_])")]
    private static partial Regex SecretLiteral();

    [GeneratedRegex("(?i)password|token|secret|callerkey|connectionstring|certificate")]
    private static partial Regex SecretSetting();
}
