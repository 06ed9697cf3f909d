using Saga.Contracts;

namespace Saga.Demo;

/// <summary>One order of the demo, with what it is meant to show.</summary>
public sealed record DemoOrder(string Scenario, SubmitOrder Order, bool CancelWhilePaying = false);
