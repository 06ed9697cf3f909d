using System.Text.Json.Nodes;

namespace Saga.Contracts.Tests.GoldenSamples;

/// <summary>One sample: <c>Samples/&lt;TypeName&gt;/v&lt;Version&gt;.json</c>, a complete MassTransit JSON envelope of a contract version as it was published.</summary>
public sealed record GoldenSample(string TypeName, int Version, string RelativePath, string Text)
{
    public JsonObject Envelope => JsonNode.Parse(Text)!.AsObject();

    /// <summary>The <c>message</c> of the envelope: the contract's own JSON.</summary>
    public JsonObject Message => Envelope["message"]?.AsObject() ?? throw new InvalidOperationException($"{RelativePath} has no message");

    /// <summary>The first <c>messageType</c> URN, the one MassTransit delivers the message as.</summary>
    public string MessageType => Envelope["messageType"]?.AsArray().FirstOrDefault()?.GetValue<string>()
        ?? throw new InvalidOperationException($"{RelativePath} has no messageType");

    // The test name shows the file.
    public override string ToString() => RelativePath;
}
