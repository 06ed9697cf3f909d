namespace Saga.Persistence.Tests.Support;

/// <summary>One message an endpoint finished with: acknowledged (no fault) or failed after its retries.</summary>
public sealed record ConsumedMessage(Guid? MessageId, object Message, Exception? Fault);
