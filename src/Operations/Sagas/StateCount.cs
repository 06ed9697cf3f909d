namespace Saga.Operations.Sagas;

public sealed record StateCount(string State, long Count);
