namespace Saga.Cli.Sagas;

public sealed record StateCount(string State, long Count);
