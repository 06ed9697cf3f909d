using Saga.TestInfrastructure;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Saga.Deployment.Tests;

/// <summary>
/// <c>deploy/docker/docker-compose.yml</c> as compose reads it: YAML merge keys (<c>&lt;&lt;: *anchor</c>, which the file uses
/// for the broker nodes and the service instances) resolved, so a service's keys are its own and its anchor's.
/// </summary>
public static class ComposeFile
{
    public const string RelativePath = "docker/docker-compose.yml";

    public static YamlMappingNode Services => (YamlMappingNode)Load().Children[new YamlScalarNode("services")];

    public static IReadOnlyList<string> ServiceNames => Services.Children.Keys.Select(key => ((YamlScalarNode)key).Value!).ToList();

    public static YamlMappingNode Load()
    {
        using var reader = new StreamReader(DeployFiles.Path(RelativePath));
        var stream = new YamlStream();
        stream.Load(new MergingParser(new Parser(reader)));
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    public static YamlMappingNode Service(string name) => (YamlMappingNode)Services.Children[new YamlScalarNode(name)];

    /// <summary>The scalar at <paramref name="path"/> under <paramref name="node"/>, or null.</summary>
    public static string? Scalar(YamlMappingNode node, params string[] path) => Node(node, path) is YamlScalarNode scalar ? scalar.Value : null;

    /// <summary>The items of the sequence at <paramref name="path"/> under <paramref name="node"/> (e.g. a service's volumes), or none.</summary>
    public static IReadOnlyList<string> Sequence(YamlMappingNode node, params string[] path) =>
        Node(node, path) is YamlSequenceNode sequence ? sequence.Children.Select(item => ((YamlScalarNode)item).Value!).ToList() : [];

    /// <summary>A service's environment, its anchor's included.</summary>
    public static Dictionary<string, string> Environment(string service)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Node(Service(service), ["environment"]) is YamlMappingNode node)
        {
            foreach (var (key, value) in node.Children)
                environment[((YamlScalarNode)key).Value!] = ((YamlScalarNode)value).Value!;
        }

        return environment;
    }

    static YamlNode? Node(YamlMappingNode node, string[] path)
    {
        YamlNode current = node;
        foreach (var key in path)
        {
            if (current is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out var child))
                return null;
            current = child;
        }

        return current;
    }
}
