using System.Diagnostics;
using Saga.Integration.Tests.EndToEnd.Support;
using Saga.TestInfrastructure;

namespace Saga.Integration.Tests.EndToEnd.Hosting;

/// <summary>
/// <c>dotnet publish</c> of both services, framework-dependent, for linux-x64 and win-x64 (once for the fixture, into a
/// temporary directory). The linux-x64 binaries run as systemd runs a <c>Type=notify</c> service: a parent process named
/// <c>systemd</c> (how the host recognises it) and <c>NOTIFY_SOCKET</c> pointing at a socket of the test's own.
/// </summary>
[NonParallelizable]
public sealed class PublishedServiceTests
{
    static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(10);
    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    static readonly TimeSpan ExitBound = TimeSpan.FromSeconds(60);
    static readonly string[] Services = ["SagaOrchestrator", "Participants"];
    static readonly string[] RuntimeIdentifiers = ["linux-x64", "win-x64"];

    // The stand-in for systemd: it runs the service as its child, passes SIGTERM on and exits with the service's code.
    const string SystemdScript = """
        "$@" &
        service=$!
        trap 'kill -TERM "$service"' TERM
        wait "$service"
        status=$?
        # wait returns early when the trapped SIGTERM arrives: wait again for the service's own exit code.
        while kill -0 "$service" 2>/dev/null; do wait "$service"; status=$?; done
        exit "$status"
        """;

    string _directory = null!;

    [OneTimeSetUp]
    public async Task PublishAsync()
    {
        _directory = Directory.CreateTempSubdirectory("saga-publish-").FullName;
        var repository = RepositoryRoot();
        // Sequential: each publish compiles the solution for its runtime; the shared artifacts path lets the second
        // service of a runtime reuse the first one's build. Nothing is written into the repository's own bin and obj.
        foreach (var runtime in RuntimeIdentifiers)
        {
            foreach (var service in Services)
            {
                await ProcessRunner.RunCheckedAsync("dotnet",
                    ["publish", Path.Combine(repository, "src", service), "-c", "Release", "-r", runtime, "--self-contained", "false",
                        "-o", PublishDirectory(service, runtime), "--artifacts-path", Path.Combine(_directory, "artifacts")],
                    PublishTimeout, workingDirectory: repository);
            }
        }
    }

    [OneTimeTearDown]
    public void DeletePublished()
    {
        if (_directory is not null)
            Directory.Delete(_directory, recursive: true);
    }

    [TestCase("SagaOrchestrator")]
    [TestCase("Participants")]
    public void The_win_x64_publish_holds_the_service_executable(string service)
    {
        var published = PublishDirectory(service, "win-x64");

        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(Path.Combine(published, $"Saga.{service}.exe")), Is.True, "the apphost, which the Windows service runs");
            Assert.That(File.Exists(Path.Combine(published, $"Saga.{service}.dll")), Is.True);
            Assert.That(File.Exists(Path.Combine(published, $"Saga.{service}.runtimeconfig.json")), Is.True, "framework-dependent: names the runtime");
            Assert.That(File.Exists(Path.Combine(published, "Microsoft.Extensions.Hosting.WindowsServices.dll")), Is.True);
        });
    }

    [Test]
    public void The_orchestrator_publish_ships_no_participant_code()
    {
        // The embedded demo, which hosts the participants next to the orchestrator, is a project of its own (src/Demo).
        var published = PublishDirectory("SagaOrchestrator", "linux-x64");

        Assert.That(Directory.GetFiles(published, "Saga.Participants*"), Is.Empty);
    }

    [TestCase("SagaOrchestrator")]
    [TestCase("Participants")]
    public async Task The_linux_x64_binary_notifies_systemd_READY_once_ready_and_STOPPING_on_SIGTERM_and_exits_with_0(string service)
    {
        var settings = await SagaSystemSettings.CreateAsync();
        var configuration = service == "Participants" ? settings.ParticipantsConfiguration() : settings.Configuration();
        var listener = new Uri($"http://127.0.0.1:{FreeTcpPort.Find()}");
        configuration["Operations:Enabled"] = "true";
        configuration["Operations:Url"] = listener.ToString().TrimEnd('/');
        using var notify = SystemdNotifySocket.Create();
        using var client = new OperationsClient(listener);
        var start = new ProcessStartInfo(SystemdStandIn()) { WorkingDirectory = PublishDirectory(service, "linux-x64") };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(SystemdScript);
        start.ArgumentList.Add("systemd");
        start.ArgumentList.Add(Path.Combine(PublishDirectory(service, "linux-x64"), $"Saga.{service}"));
        ServiceProcess.AddArguments(start, "run", configuration);
        foreach (var (key, value) in service == "Participants" ? settings.ParticipantsEnvironment() : SagaSystemSettings.Environment())
            start.Environment[key] = value;
        start.Environment["NOTIFY_SOCKET"] = notify.Path;

        await using var process = ServiceProcess.Launch(start, service);
        await notify.WaitForAsync("READY=1", StartTimeout);
        // Asked once, right away: READY=1 must not come before the service is ready.
        var readyWhenNotified = await client.GetAsync("/health/ready");
        var exitCode = await process.TerminateAsync(ExitBound);
        await notify.WaitForAsync("STOPPING=1", TimeSpan.FromSeconds(10));

        Assert.Multiple(() =>
        {
            Assert.That(readyWhenNotified?.StatusCode, Is.EqualTo(200), $"ready when it said READY=1: {readyWhenNotified}\n{process.Output}");
            Assert.That(exitCode, Is.Zero, $"a clean exit on SIGTERM:\n{process.Output}");
            Assert.That(notify.Messages, Is.EqualTo(new[] { "READY=1", "STOPPING=1" }), "ready once, then stopping");
        });
    }

    string PublishDirectory(string service, string runtime) => Path.Combine(_directory, $"{service}-{runtime}");

    /// <summary>A link named <c>systemd</c> to <c>/bin/sh</c>: the host takes a parent process of that name for systemd.</summary>
    string SystemdStandIn()
    {
        var link = Path.Combine(_directory, "systemd");
        if (!File.Exists(link))
            File.CreateSymbolicLink(link, "/bin/sh");
        return link;
    }

    static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Saga.sln")))
                return directory.FullName;
        }

        throw new InvalidOperationException($"no Saga.sln above {AppContext.BaseDirectory}");
    }
}
