namespace Saga.Exploration.Tests.Harness;

/// <summary>A schedule after which an invariant did not hold: CsCheck shrinks on it, a regular test fails with it.</summary>
public sealed class ScheduleViolationException(string message) : Exception(message);
