using System.Text.Json;
using Saga.Contracts;

namespace Saga.Cli.Parsing;

/// <summary>
/// Reads <c>submit --file</c>: a <see cref="SubmitOrder"/> as JSON (camelCase, as on the wire), either bare or inside the
/// MassTransit envelope docs/messages.md shows (its <c>message</c>), so a file written for another client works here too.
/// </summary>
public static class SubmitOrderFile
{
    static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static SubmitOrder Read(FileInfo file)
    {
        if (!file.Exists)
            throw new CliException(ExitCodes.Usage, $"order file {file.FullName} not found (--file)");
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file.FullName));
            var root = document.RootElement;
            var message = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("message", out var inner) ? inner : root;
            var order = message.Deserialize<SubmitOrder>(Options) ?? throw new JsonException("the file holds null");
            // Missing lists and addresses go to the orchestrator as empty, which rejects the order with every reason.
            return order with { Items = order.Items ?? [] };
        }
        catch (JsonException e)
        {
            throw new CliException(ExitCodes.Usage, $"order file {file.FullName} is not a SubmitOrder in JSON: {e.Message}", e);
        }
    }
}
