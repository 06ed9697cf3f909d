using System.Diagnostics;
using MassTransit.Logging;
using Saga.Contracts;
using Saga.Persistence.Telemetry;
using Saga.TestInfrastructure;

namespace Saga.Integration.Tests.EndToEnd.Support;

/// <summary>The spans of MassTransit's and the engine's sources in the test's process.</summary>
public static class SagaSpans
{
    public static SpanRecorder Record() => new(DiagnosticHeaders.DefaultListenerName, SagaDiagnostics.Name);

    /// <summary>The spans tagged with this order's id (the engine's transitions, every consume of a message about it).</summary>
    public static List<Activity> OfOrder(this SpanRecorder spans, Guid orderId) => spans.Tagged(OrderTelemetry.OrderIdTag, orderId.ToString("D"));
}
