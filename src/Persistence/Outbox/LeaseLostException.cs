namespace Saga.Persistence.Outbox;

/// <summary>A batch's lease ran out before all its messages were sent: the instance stops sending it, and another takes it over.</summary>
public sealed class LeaseLostException() : Exception("The batch's delivery lease ran out before all its messages were sent");
