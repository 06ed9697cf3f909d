using System.Text.RegularExpressions;
using System.Xml.Linq;
using Saga.TestInfrastructure;

namespace Saga.Deployment.Tests;

/// <summary>
/// <c>deploy/docker/Dockerfile</c> without a Docker engine: what it copies from the build context exists, its restore
/// step has every project the two services reference, and the broker setup script is valid shell.
/// </summary>
public sealed partial class DockerfileTests
{
    static string[] Lines => File.ReadAllLines(DeployFiles.Path("docker/Dockerfile"));

    /// <summary>The sources of every COPY from the build context (not <c>--from</c> a stage).</summary>
    static List<string> CopiedFromContext() =>
        Lines.Select(line => CopyInstruction().Match(line))
            .Where(match => match.Success)
            .SelectMany(match => match.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipLast(1))
            .ToList();

    [Test]
    public void Everything_it_copies_from_the_repository_exists()
    {
        var sources = CopiedFromContext();

        Assert.That(sources, Is.Not.Empty);
        Assert.That(sources.Where(source => !Path.Exists(Path.Combine(DeployFiles.Root, source))), Is.Empty);
    }

    [TestCase("src/SagaOrchestrator/SagaOrchestrator.csproj")]
    [TestCase("src/Participants/Participants.csproj")]
    public void The_restore_layer_has_every_project_the_service_references(string project)
    {
        var copied = CopiedFromContext().Where(source => source.EndsWith(".csproj", StringComparison.Ordinal)).ToHashSet();

        Assert.That(ProjectClosure(project), Is.SubsetOf(copied));
    }

    [Test]
    public void It_builds_either_service_and_runs_it_with_run_by_default()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Lines, Has.Some.Match(@"^FROM mcr\.microsoft\.com/dotnet/sdk:\$\{DOTNET_VERSION\} AS build$"));
            Assert.That(Lines, Has.Some.Match(@"^FROM mcr\.microsoft\.com/dotnet/aspnet:\$\{DOTNET_VERSION\} AS final$"));
            Assert.That(Lines, Has.Some.EqualTo("ARG DOTNET_VERSION=10.0"));
            Assert.That(Lines, Has.Some.Contains("--self-contained false"));
            Assert.That(Lines, Has.Some.EqualTo("USER $APP_UID"));
            Assert.That(Lines, Has.Some.EqualTo("CMD [\"run\"]"));
        });
    }

    [Test]
    public async Task The_broker_setup_script_is_valid_shell()
    {
        var result = await ProcessRunner.RunAsync("sh", ["-n", DeployFiles.Path("docker/rabbitmq-setup.sh")], TimeSpan.FromSeconds(30));

        Assert.That(result.ExitCode, Is.Zero, result.StandardError);
    }

    /// <summary>The project and every project it references, transitively, as paths relative to the repository root.</summary>
    static HashSet<string> ProjectClosure(string project)
    {
        var closure = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (!closure.Add(current))
                continue;
            var directory = Path.GetDirectoryName(Path.Combine(DeployFiles.Root, current))!;
            foreach (var reference in XDocument.Load(Path.Combine(DeployFiles.Root, current)).Descendants("ProjectReference"))
            {
                var full = Path.GetFullPath(Path.Combine(directory, reference.Attribute("Include")!.Value.Replace('\\', '/')));
                pending.Push(Path.GetRelativePath(DeployFiles.Root, full).Replace('\\', '/'));
            }
        }

        return closure;
    }

    [GeneratedRegex(@"^COPY (?!--from)(.+)$")]
    private static partial Regex CopyInstruction();
}
