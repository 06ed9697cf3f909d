using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;

namespace Saga.OperatorConsole.Hosting;

/// <summary>
/// The console's stylesheet and script, embedded in the assembly and served from memory: nothing to deploy beside the
/// assembly, and the content security policy allows exactly these (<c>'self'</c>).
/// </summary>
public static class ConsoleAssets
{
    public const string PathPrefix = "/assets/";

    public const string Stylesheet = PathPrefix + "console.css";

    public const string Script = PathPrefix + "console.js";

    static readonly FrozenDictionary<string, (byte[] Content, string ContentType)> Assets = new Dictionary<string, (byte[], string)>
    {
        ["console.css"] = (Read("console.css"), "text/css; charset=utf-8"),
        ["console.js"] = (Read("console.js"), "text/javascript; charset=utf-8"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static IResult Serve(string name) =>
        Assets.TryGetValue(name, out var asset) ? Results.Bytes(asset.Content, asset.ContentType) : Results.NotFound();

    static byte[] Read(string name)
    {
        using var stream = typeof(ConsoleAssets).Assembly.GetManifestResourceStream($"Saga.OperatorConsole.Assets.{name}")
            ?? throw new InvalidOperationException($"the console's {name} is not embedded in {typeof(ConsoleAssets).Assembly.GetName().Name}");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
