namespace Saga.SagaHarness.Chaos;

/// <summary>A fault as it happened: when it began (after the run's start), and how long until the part ran again.</summary>
public sealed record InjectedFault(Fault Fault, TimeSpan At, TimeSpan Took, int SubmittedBefore);
