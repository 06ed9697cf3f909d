using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Saga.Cli.Output;

/// <summary>The <c>--json</c> format: one indented document, camelCase names, enums as names, times as ISO 8601 UTC.</summary>
public static class JsonOutput
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // Read by people too: quotes and non-ASCII names as they are (the document is never embedded in HTML).
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    public static async Task WriteAsync(TextWriter output, object document)
    {
        await output.WriteLineAsync(JsonSerializer.Serialize(document, document.GetType(), Options));
        await output.FlushAsync();
    }
}
