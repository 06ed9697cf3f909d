namespace Saga.SagaHarness.Books;

/// <summary>One verification after a phase drained: what was checked, whether it held, and what was found.</summary>
public sealed record CheckResult(string Name, bool Passed, string Detail);
