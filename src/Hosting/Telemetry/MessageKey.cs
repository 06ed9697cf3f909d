namespace Saga.Hosting.Telemetry;

/// <summary>
/// The business key a service's messages carry (an order's id, say): a consumed message that carries it is handled
/// inside a log scope with the key, and MassTransit's consume span is tagged with it, so that everything about one key
/// can be found in the logs and traces. The service names it (<see cref="MessageKeyRegistrationExtensions.AddMessageKey"/>).
/// </summary>
/// <param name="PropertyName">The public <see cref="Guid"/> property that holds the key on each message about it.</param>
/// <param name="TagName">The span tag the key is written to.</param>
/// <param name="LogScope">The log scope's message template, with one placeholder for the key.</param>
public sealed record MessageKey(string PropertyName, string TagName, string LogScope);
