using System.Globalization;
using Saga.TestInfrastructure;

namespace Saga.Deployment.Tests;

/// <summary>
/// The systemd units under <c>deploy/systemd</c>: installed by <c>install.sh --root</c> into a staging tree (with dummy
/// published apphosts), then checked by <c>systemd-analyze verify</c> (systemd 252 here; PID 1 is not systemd, which
/// verify does not need), the service templates as instances, and read for the settings an operator relies on.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SystemdUnitTests
{
    static readonly string[] Units = ["saga-orchestrator@.service", "saga-participants@.service", "saga-orchestrator-migrate.service", "saga-participants-migrate.service"];
    static readonly string[] Services = ["saga-orchestrator@.service", "saga-participants@.service"];

    /// <summary>What systemd-analyze verifies besides the files: instances of the templates, as systemctl starts them.</summary>
    static readonly string[] Instances = ["saga-orchestrator@1.service", "saga-orchestrator@2.service", "saga-participants@1.service", "saga-participants@2.service"];
    static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    string _staging = "";

    string Root => Path.Combine(_staging, "root");

    [SetUp]
    public void CreateStaging() => _staging = Directory.CreateTempSubdirectory("saga-deploy-systemd-").FullName;

    [TearDown]
    public void DeleteStaging() => Directory.Delete(_staging, recursive: true);

    [Test]
    public async Task Install_script_stages_the_units_the_apphosts_and_private_environment_files()
    {
        await InstallIntoStagingAsync();

        Assert.Multiple(() =>
        {
            foreach (var unit in Units)
                Assert.That(Mode(Path.Combine(Root, "etc/systemd/system", unit)), Is.EqualTo("644"), unit);
            foreach (var env in new[] { "orchestrator.env", "orchestrator-migrate.env", "orchestrator@1.env", "participants.env", "participants-migrate.env", "participants@1.env" })
                Assert.That(Mode(Path.Combine(Root, "etc/saga", env)), Is.EqualTo("600"), env);
            Assert.That(File.Exists(Path.Combine(Root, "etc/saga/orchestrator@2.env")), Is.False, "one instance unless asked for more");
            Assert.That(Mode(Path.Combine(Root, "etc/saga")), Is.EqualTo("700"));
            Assert.That(Mode(Path.Combine(Root, "opt/saga/orchestrator/Saga.SagaOrchestrator")), Is.EqualTo("755"));
            Assert.That(Mode(Path.Combine(Root, "opt/saga/participants/Saga.Participants")), Is.EqualTo("755"));
        });
    }

    [Test]
    public async Task Install_script_keeps_existing_environment_files_and_the_previous_version()
    {
        await InstallIntoStagingAsync();
        var env = Path.Combine(Root, "etc/saga/orchestrator.env");
        var instanceEnv = Path.Combine(Root, "etc/saga/orchestrator@1.env");
        await File.WriteAllTextAsync(env, "Saga__Transport__RabbitMq__Password=filled-in\n");
        await File.WriteAllTextAsync(instanceEnv, "Operations__Url=http://127.0.0.1:9000\n");

        await InstallIntoStagingAsync(instances: 2);

        Assert.That(await File.ReadAllTextAsync(env), Is.EqualTo("Saga__Transport__RabbitMq__Password=filled-in\n"));
        Assert.That(await File.ReadAllTextAsync(instanceEnv), Is.EqualTo("Operations__Url=http://127.0.0.1:9000\n"));
        Assert.That(File.Exists(Path.Combine(Root, "etc/saga/orchestrator@2.env")), Is.True, "the added instance gets its file");
        Assert.That(File.Exists(Path.Combine(Root, "opt/saga/orchestrator.previous/Saga.SagaOrchestrator")), Is.True);
    }

    [Test]
    public async Task Install_script_gives_each_instance_on_the_host_its_own_operations_port()
    {
        await InstallIntoStagingAsync(instances: 3);

        var urls = new List<string>();
        foreach (var service in new[] { "orchestrator", "participants" })
        {
            for (var instance = 1; instance <= 3; instance++)
            {
                var file = Path.Combine(Root, $"etc/saga/{service}@{instance}.env");
                Assert.That(Mode(file), Is.EqualTo("600"), file);
                urls.Add(DeployFiles.ReadEnvironmentFile(file)["Operations__Url"]);
            }
        }

        Assert.That(urls, Is.EqualTo(new[]
        {
            "http://127.0.0.1:8081", "http://127.0.0.1:8091", "http://127.0.0.1:8101",
            "http://127.0.0.1:8082", "http://127.0.0.1:8092", "http://127.0.0.1:8102",
        }));
    }

    [TestCase("0")]
    [TestCase("two")]
    public async Task Install_script_refuses_an_instance_count_that_is_not_a_positive_number(string instances)
    {
        var result = await RunInstallAsync(instances);

        Assert.That(result.ExitCode, Is.EqualTo(2), result.StandardError);
        Assert.That(Directory.Exists(Root), Is.False, "nothing installed");
    }

    [Test]
    public async Task Systemd_analyze_verify_accepts_every_unit()
    {
        await InstallIntoStagingAsync();

        var result = await VerifyAsync(StagedUnits());

        Assert.That(result.ExitCode, Is.Zero, result.StandardError);
        Assert.That((result.StandardOutput + result.StandardError).Trim(), Is.Empty, "systemd-analyze verify printed warnings");
    }

    [Test]
    public async Task Systemd_analyze_verify_checks_the_template_through_its_instances()
    {
        await InstallIntoStagingAsync();
        var staged = StagedUnits();
        var template = staged.Single(path => path.EndsWith("saga-participants@.service", StringComparison.Ordinal));
        await File.WriteAllTextAsync(template, (await File.ReadAllTextAsync(template)).Replace("TimeoutStopSec=60", "TimeoutStopSec=sixty", StringComparison.Ordinal));

        var result = await VerifyAsync(staged.Where(path => path.Contains("@1.", StringComparison.Ordinal) || path.Contains("@2.", StringComparison.Ordinal)));

        Assert.That(result.StandardOutput + result.StandardError, Does.Contain("sixty"), "an instance is verified against its template");
    }

    [TestCase("TimeoutStopSec=60", "TimeoutStopSec=sixty")]
    [TestCase("Type=notify", "Type=notifyy")]
    [TestCase("ExecStart=", "ExecStart=/nonexistent/")]
    [TestCase("SystemCallFilter=@system-service", "SystemCallFilter=@no-such-set")]
    public async Task Systemd_analyze_verify_rejects_a_broken_unit(string line, string broken)
    {
        await InstallIntoStagingAsync();
        var unit = Path.Combine(Root, "etc/systemd/system/saga-orchestrator@.service");
        var text = await File.ReadAllTextAsync(unit);
        Assert.That(text, Does.Contain(line));
        await File.WriteAllTextAsync(unit, text.Replace(line, broken, StringComparison.Ordinal));

        var result = await VerifyAsync(StagedUnits());

        Assert.That(result.ExitCode != 0 || (result.StandardOutput + result.StandardError).Trim().Length > 0, Is.True,
            "systemd-analyze verify accepted a broken unit");
    }

    [TestCaseSource(nameof(Services))]
    public void Service_unit_has_the_settings_operations_rely_on(string unit)
    {
        var settings = ReadUnit(DeployFiles.Path($"systemd/{unit}"));
        var service = unit["saga-".Length..unit.IndexOf('@', StringComparison.Ordinal)];

        Assert.Multiple(() =>
        {
            Assert.That(settings["Type"], Is.EqualTo(new[] { "notify" }));
            Assert.That(settings["User"], Is.EqualTo(new[] { "saga" }));
            Assert.That(settings["Restart"], Is.EqualTo(new[] { "on-failure" }));
            Assert.That(settings["RestartPreventExitStatus"], Is.EqualTo(new[] { "2" }), "a bad setting (exit code 2) is not restarted");
            // The host's shared settings, then the instance's own, which win.
            Assert.That(settings["EnvironmentFile"], Is.EqualTo(new[] { $"/etc/saga/{service}.env", $"/etc/saga/{service}@%i.env" }));
            Assert.That(settings["SyslogIdentifier"], Is.EqualTo(new[] { $"saga-{service}-%i" }), "each instance's own log identifier");
            // Above the host's whole graceful stop (Saga:Host:ShutdownTimeout), so no SIGKILL cuts it short.
            Assert.That(TimeSpan.FromSeconds(int.Parse(settings["TimeoutStopSec"].Single(), CultureInfo.InvariantCulture)),
                Is.GreaterThan(new Saga.Hosting.Services.ShutdownOptions().ShutdownTimeout));
            Assert.That(settings["ExecStart"].Single(), Does.StartWith("/opt/saga/").And.EndWith(" run"));
            Assert.That(settings["WorkingDirectory"].Single(), Does.StartWith("/opt/saga/"));
            foreach (var (key, value) in new Dictionary<string, string>
                     {
                         ["NoNewPrivileges"] = "yes", ["ProtectSystem"] = "strict", ["ProtectHome"] = "yes", ["PrivateTmp"] = "yes",
                         ["PrivateDevices"] = "yes", ["ProtectKernelTunables"] = "yes", ["ProtectKernelModules"] = "yes",
                         ["ProtectKernelLogs"] = "yes", ["LockPersonality"] = "yes", ["CapabilityBoundingSet"] = "",
                         ["RestrictAddressFamilies"] = "AF_UNIX AF_INET AF_INET6", ["SystemCallFilter"] = "@system-service",
                         ["LimitNOFILE"] = "65536",
                     })
                Assert.That(settings.GetValueOrDefault(key), Is.EqualTo(new[] { value }), key);
            // The .NET JIT writes and then executes code: MemoryDenyWriteExecute would kill the service at start.
            Assert.That(settings.ContainsKey("MemoryDenyWriteExecute"), Is.False);
        });
    }

    [TestCase("saga-orchestrator-migrate.service", "/etc/saga/orchestrator.env", "/etc/saga/orchestrator-migrate.env")]
    [TestCase("saga-participants-migrate.service", "/etc/saga/participants.env", "/etc/saga/participants-migrate.env")]
    public void Migrate_unit_is_a_oneshot_reading_the_migrator_login_last(string unit, string serviceEnvironment, string migrateEnvironment)
    {
        var settings = ReadUnit(DeployFiles.Path($"systemd/{unit}"));

        Assert.That(settings["Type"], Is.EqualTo(new[] { "oneshot" }));
        Assert.That(settings["EnvironmentFile"], Is.EqualTo(new[] { serviceEnvironment, migrateEnvironment }));
        Assert.That(settings["ExecStart"].Single(), Does.EndWith(" migrate"));
    }

    async Task InstallIntoStagingAsync(int instances = 1)
    {
        var result = await RunInstallAsync(instances.ToString(CultureInfo.InvariantCulture));
        Assert.That(result.ExitCode, Is.Zero, () => result.StandardOutput + result.StandardError);
    }

    async Task<ProcessResult> RunInstallAsync(string instances)
    {
        var published = Path.Combine(_staging, "published");
        foreach (var (service, apphost) in new[] { ("orchestrator", "Saga.SagaOrchestrator"), ("participants", "Saga.Participants") })
        {
            var directory = Directory.CreateDirectory(Path.Combine(published, service)).FullName;
            var path = Path.Combine(directory, apphost);
            await File.WriteAllTextAsync(path, "#!/bin/sh\nexit 0\n");
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return await ProcessRunner.RunAsync("bash",
            [DeployFiles.Path("systemd/install.sh"), "--root", Root, "--instances", instances,
                "--orchestrator", Path.Combine(published, "orchestrator"), "--participants", Path.Combine(published, "participants")],
            CommandTimeout);
    }

    /// <summary>The staged units with their /opt/saga paths pointing into the staging tree, so ExecStart resolves.</summary>
    List<string> StagedUnits()
    {
        var directory = Directory.CreateDirectory(Path.Combine(Root, "verify")).FullName;
        var units = new List<string>();
        foreach (var unit in Units)
        {
            var text = File.ReadAllText(Path.Combine(Root, "etc/systemd/system", unit))
                .Replace("/opt/saga/", Path.Combine(Root, "opt/saga") + "/", StringComparison.Ordinal);
            var path = Path.Combine(directory, unit);
            File.WriteAllText(path, text);
            units.Add(path);
        }

        // Not files: systemd-analyze loads an instance from its template in the same directory.
        units.AddRange(Instances.Select(instance => Path.Combine(directory, instance)));
        return units;
    }

    static async Task<ProcessResult> VerifyAsync(IEnumerable<string> units)
    {
        // Installed with apt-get when missing, as the test servers are (.ci/run installs it beforehand).
        var analyze = await SystemPackages.EnsureInstalledAsync("systemd-analyze", "systemd");
        return await ProcessRunner.RunAsync(analyze, ["verify", "--man=no", .. units], CommandTimeout);
    }

    static string Mode(string path) =>
        Convert.ToString((int)File.GetUnixFileMode(path), 8);

    /// <summary>The unit's <c>Key=value</c> lines, every value of a key in order (comments and section headers skipped).</summary>
    static Dictionary<string, List<string>> ReadUnit(string path)
    {
        var settings = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';' or '[')
                continue;
            var separator = line.IndexOf('=', StringComparison.Ordinal);
            var key = line[..separator];
            if (!settings.TryGetValue(key, out var values))
                settings[key] = values = [];
            values.Add(line[(separator + 1)..]);
        }

        return settings;
    }
}
