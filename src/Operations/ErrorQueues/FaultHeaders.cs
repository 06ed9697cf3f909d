using System.Globalization;
using System.Text;
using System.Text.Json;
using RabbitMQ.Client;

namespace Saga.Operations.ErrorQueues;

/// <summary>Reads a dead message's identity and failure from its AMQP properties, MassTransit's headers and its envelope.</summary>
public static class FaultHeaders
{
    public const string Prefix = "MT-Fault-";
    public const string Reason = "MT-Reason";
    public const string HostPrefix = "MT-Host-";

    public static FaultedMessage Read(string errorQueue, IReadOnlyBasicProperties properties, ReadOnlyMemory<byte> body)
    {
        var headers = properties.Headers ?? new Dictionary<string, object?>();
        var envelope = Envelope(body.Span);
        return new FaultedMessage(
            errorQueue,
            OriginalQueue(errorQueue, Text(headers, Prefix + "InputAddress")),
            properties.MessageId ?? envelope.MessageId,
            envelope.MessageType ?? properties.Type ?? Text(headers, Prefix + "MessageType"),
            Timestamp(Text(headers, Prefix + "Timestamp")) ?? (properties.IsTimestampPresent()
                ? DateTimeOffset.FromUnixTimeSeconds(properties.Timestamp.UnixTime)
                : null),
            Text(headers, Prefix + "ExceptionType"),
            Text(headers, Prefix + "Message"),
            Text(headers, Prefix + "ConsumerType"),
            Text(headers, Prefix + "StackTrace"),
            body.Length)
        {
            Host = Host(headers),
        };
    }

    /// <summary>The failing host as <c>machine (process)</c>, from the headers MassTransit adds when it moves a message to the error queue.</summary>
    static string? Host(IDictionary<string, object?> headers)
    {
        var machine = Text(headers, HostPrefix + "MachineName");
        var process = Text(headers, HostPrefix + "ProcessName");
        return machine is null ? process : process is null ? machine : $"{machine} ({process})";
    }

    /// <summary>The queue the message failed on: the input address MassTransit recorded, else the error queue's name without <c>_error</c>.</summary>
    static string OriginalQueue(string errorQueue, string? inputAddress)
    {
        if (inputAddress is not null && Uri.TryCreate(inputAddress, UriKind.Absolute, out var uri) && uri.Segments.Length > 0)
        {
            var last = Uri.UnescapeDataString(uri.Segments[^1].TrimEnd('/'));
            if (last.Length > 0)
                return last;
        }

        return ErrorQueueNames.OriginalQueue(errorQueue);
    }

    // AMQP long strings arrive as bytes; MassTransit writes its headers as strings.
    static string? Text(IDictionary<string, object?> headers, string name) => headers.TryGetValue(name, out var value)
        ? value switch
        {
            null => null,
            byte[] bytes => Encoding.UTF8.GetString(bytes),
            _ => Convert.ToString(value, CultureInfo.InvariantCulture),
        }
        : null;

    static DateTimeOffset? Timestamp(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time.ToUniversalTime() : null;

    /// <summary>The envelope's message id and first message type, when the body is a MassTransit JSON envelope at all.</summary>
    static (string? MessageId, string? MessageType) Envelope(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return (null, null);
            var root = document.RootElement;
            var id = root.TryGetProperty("messageId", out var idElement) && idElement.ValueKind == JsonValueKind.String ? idElement.GetString() : null;
            var type = root.TryGetProperty("messageType", out var types) && types.ValueKind == JsonValueKind.Array && types.GetArrayLength() > 0
                ? types[0].GetString()
                : null;
            return (id, type);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }
}
