using System.Reflection;
using System.Text.Json.Nodes;
using MassTransit;
using MassTransit.Context;
using MassTransit.Serialization;

namespace Saga.Contracts.Tests.GoldenSamples;

/// <summary>A sample through MassTransit's System.Text.Json serializer, the one every service uses, both ways.</summary>
public static class MessageJson
{
    static readonly MethodInfo ReadMethod = typeof(MessageJson).GetMethod(nameof(ReadAs), BindingFlags.NonPublic | BindingFlags.Static)!;
    static readonly MethodInfo WriteMethod = typeof(MessageJson).GetMethod(nameof(WriteAs), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>
    /// Reads the envelope as a receive endpoint does (<see cref="IMessageDeserializer"/>, then <c>TryGetMessage</c>): the
    /// message as <paramref name="type"/>, or null when MassTransit cannot give it as that type.
    /// </summary>
    public static (object? Message, SerializerContext Context) Read(GoldenSample sample, Type type)
    {
        var context = SystemTextJsonMessageSerializer.Instance.Deserialize(new StringMessageBody(sample.Text), EmptyHeaders.Instance);
        return (ReadMethod.MakeGenericMethod(type).Invoke(null, [context]), context);
    }

    /// <summary>The <c>message</c> object of the envelope MassTransit writes for <paramref name="message"/> today.</summary>
    public static JsonObject Write(object message) =>
        (JsonObject)WriteMethod.MakeGenericMethod(message.GetType()).Invoke(null, [message])!;

    static T? ReadAs<T>(SerializerContext context)
        where T : class =>
        context.TryGetMessage(out T? message) ? message : null;

    static JsonObject WriteAs<T>(T message)
        where T : class
    {
        var body = SystemTextJsonMessageSerializer.Instance.GetMessageBody(new MessageSendContext<T>(message));
        return JsonNode.Parse(body.GetString())!["message"]!.AsObject();
    }
}
