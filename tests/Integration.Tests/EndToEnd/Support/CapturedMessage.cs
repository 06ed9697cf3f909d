namespace Saga.Integration.Tests.EndToEnd.Support;

/// <summary>
/// One copy of a message a <see cref="MessageCapture"/> received: the envelope's message id (the one a resend from the
/// outbox keeps), the exchange it was published to, the order it is about, and its message type (the envelope's first URN:
/// one queue's exchange carries several commands, e.g. <c>payment</c> takes ProcessPayment and CheckFraud).
/// </summary>
public sealed record CapturedMessage(Guid MessageId, string Exchange, Guid? OrderId, string? MessageType = null);
