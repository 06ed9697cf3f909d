namespace Saga.Integration.Tests.EndToEnd.Support;

/// <summary>
/// One copy of a message a <see cref="MessageCapture"/> received: the envelope's message id (the one a resend from the
/// outbox keeps), the exchange it was published to, and the order it is about.
/// </summary>
public sealed record CapturedMessage(Guid MessageId, string Exchange, Guid? OrderId);
