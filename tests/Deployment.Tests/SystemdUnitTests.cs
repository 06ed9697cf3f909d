using System.Globalization;
using Saga.TestInfrastructure;

namespace Saga.Deployment.Tests;

/// <summary>
/// The systemd units under <c>deploy/systemd</c>: installed by <c>install.sh --root</c> into a staging tree (with dummy
/// published apphosts), then checked by <c>systemd-analyze verify</c> (systemd 252 here; PID 1 is not systemd, which
/// verify does not need), and read for the settings an operator relies on.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SystemdUnitTests
{
    static readonly string[] Units = ["saga-orchestrator.service", "saga-participants.service", "saga-orchestrator-migrate.service", "saga-participants-migrate.service"];
    static readonly string[] Services = ["saga-orchestrator.service", "saga-participants.service"];
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
            foreach (var env in new[] { "orchestrator.env", "orchestrator-migrate.env", "participants.env", "participants-migrate.env" })
                Assert.That(Mode(Path.Combine(Root, "etc/saga", env)), Is.EqualTo("600"), env);
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
        await File.WriteAllTextAsync(env, "Saga__Transport__RabbitMq__Password=filled-in\n");

        await InstallIntoStagingAsync();

        Assert.That(await File.ReadAllTextAsync(env), Is.EqualTo("Saga__Transport__RabbitMq__Password=filled-in\n"));
        Assert.That(File.Exists(Path.Combine(Root, "opt/saga/orchestrator.previous/Saga.SagaOrchestrator")), Is.True);
    }

    [Test]
    public async Task Systemd_analyze_verify_accepts_every_unit()
    {
        await InstallIntoStagingAsync();

        var result = await VerifyAsync(StagedUnits());

        Assert.That(result.ExitCode, Is.Zero, result.StandardError);
        Assert.That((result.StandardOutput + result.StandardError).Trim(), Is.Empty, "systemd-analyze verify printed warnings");
    }

    [TestCase("TimeoutStopSec=45", "TimeoutStopSec=forty-five")]
    [TestCase("Type=notify", "Type=notifyy")]
    [TestCase("ExecStart=", "ExecStart=/nonexistent/")]
    [TestCase("SystemCallFilter=@system-service", "SystemCallFilter=@no-such-set")]
    public async Task Systemd_analyze_verify_rejects_a_broken_unit(string line, string broken)
    {
        await InstallIntoStagingAsync();
        var unit = Path.Combine(Root, "etc/systemd/system/saga-orchestrator.service");
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

        Assert.Multiple(() =>
        {
            Assert.That(settings["Type"], Is.EqualTo(new[] { "notify" }));
            Assert.That(settings["User"], Is.EqualTo(new[] { "saga" }));
            Assert.That(settings["Restart"], Is.EqualTo(new[] { "on-failure" }));
            Assert.That(settings["RestartPreventExitStatus"], Is.EqualTo(new[] { "2" }), "a bad setting (exit code 2) is not restarted");
            Assert.That(settings["EnvironmentFile"].Single(), Does.StartWith("/etc/saga/"));
            // Above MassTransit's 30 s StopTimeout, so in-flight messages finish before SIGKILL.
            Assert.That(int.Parse(settings["TimeoutStopSec"].Single(), CultureInfo.InvariantCulture), Is.GreaterThan(30));
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

    async Task InstallIntoStagingAsync()
    {
        var published = Path.Combine(_staging, "published");
        foreach (var (service, apphost) in new[] { ("orchestrator", "Saga.SagaOrchestrator"), ("participants", "Saga.Participants") })
        {
            var directory = Directory.CreateDirectory(Path.Combine(published, service)).FullName;
            var path = Path.Combine(directory, apphost);
            await File.WriteAllTextAsync(path, "#!/bin/sh\nexit 0\n");
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var result = await ProcessRunner.RunAsync("bash",
            [DeployFiles.Path("systemd/install.sh"), "--root", Root,
                "--orchestrator", Path.Combine(published, "orchestrator"), "--participants", Path.Combine(published, "participants")],
            CommandTimeout);
        Assert.That(result.ExitCode, Is.Zero, () => result.StandardOutput + result.StandardError);
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
