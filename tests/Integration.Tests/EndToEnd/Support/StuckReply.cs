using Saga.Persistence.Outbox;

namespace Saga.Integration.Tests.EndToEnd.Support;

/// <summary>A participant's reply about one order as its outbox holds it after a failed delivery: the batch and its messages.</summary>
public sealed record StuckReply(Guid OrderId, OutboxBatch Batch, IReadOnlyList<OutboxMessage> Messages);
