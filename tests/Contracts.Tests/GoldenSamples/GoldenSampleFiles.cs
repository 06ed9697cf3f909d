using System.Globalization;
using System.Text.RegularExpressions;

namespace Saga.Contracts.Tests.GoldenSamples;

/// <summary>The samples as copied to the test's output directory.</summary>
public static partial class GoldenSampleFiles
{
    public static string Root => Path.Combine(TestContext.CurrentContext.TestDirectory, "Samples");

    /// <summary>The manifest of published samples and their SHA-256, which makes an edit of a published sample visible.</summary>
    public static string Manifest => Path.Combine(Root, "published.sha256");

    public static IReadOnlyList<GoldenSample> All() =>
    [
        .. Directory.EnumerateFiles(Root, "*.json", SearchOption.AllDirectories)
            .Select(Read)
            .OrderBy(s => s.TypeName, StringComparer.Ordinal).ThenBy(s => s.Version),
    ];

    public static IReadOnlyList<GoldenSample> Of(string typeName) => [.. All().Where(s => s.TypeName == typeName)];

    /// <summary>The sample of the version a current producer publishes: the highest number.</summary>
    public static GoldenSample? Newest(string typeName) => Of(typeName) is { Count: > 0 } samples ? samples[^1] : null;

    /// <summary>A sample's path under <see cref="Root"/>, with forward slashes on every platform.</summary>
    public static string RelativePath(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    static GoldenSample Read(string path)
    {
        var relative = RelativePath(path);
        var match = SamplePath().Match(relative);
        if (!match.Success)
            throw new InvalidOperationException($"Samples/{relative} is not named <MessageTypeName>/v<N>.json");

        return new GoldenSample(match.Groups["type"].Value, int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture), relative,
            File.ReadAllText(path));
    }

    [GeneratedRegex(@"^(?<type>[A-Za-z][A-Za-z0-9]*)/v(?<version>[1-9][0-9]*)\.json$")]
    private static partial Regex SamplePath();
}
