namespace Saga.SagaHarness.Chaos;

/// <summary>
/// A fault as it happened: when it began (after the run's start), how long until the part ran again (for a killed broker
/// node: until the system's connections were back on the other nodes), and what exactly was done.
/// </summary>
public sealed record InjectedFault(Fault Fault, TimeSpan At, TimeSpan Took, int SubmittedBefore, string Detail);
