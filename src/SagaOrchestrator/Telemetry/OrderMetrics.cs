using System.Diagnostics.Metrics;
using Saga.Persistence.Telemetry;

namespace Saga.SagaOrchestrator.Telemetry;

/// <summary>The order saga's instruments, on the engine's meter ("Saga"). Recorded by <see cref="OrderTelemetryObserver"/>.</summary>
public static class OrderMetrics
{
    public const string StepTag = "saga.step";
    public const string OutcomeTag = "saga.outcome";
    public const string ReasonTag = "saga.reason";

    public static readonly Counter<long> Started = SagaDiagnostics.Meter.CreateCounter<long>("saga.orders.started", "{order}",
        "Orders accepted and sent to the payment step");

    public static readonly Counter<long> Completed = SagaDiagnostics.Meter.CreateCounter<long>("saga.orders.completed", "{order}",
        "Orders that completed every step");

    public static readonly Counter<long> Compensated = SagaDiagnostics.Meter.CreateCounter<long>("saga.orders.compensated", "{order}",
        "Orders whose completed steps were undone (tagged saga.reason: failed, cancelled, timeout)");

    public static readonly Counter<long> Rejected = SagaDiagnostics.Meter.CreateCounter<long>("saga.orders.rejected", "{order}",
        "Orders refused by validation");

    public static readonly Counter<long> CompensationFailed = SagaDiagnostics.Meter.CreateCounter<long>("saga.orders.compensation_failed", "{order}",
        "Orders whose compensation faulted after its retries (tagged saga.step)");

    public static readonly Histogram<double> StepDuration = SagaDiagnostics.Meter.CreateHistogram<double>("saga.step.duration", "s",
        "From a step's command to its reply, failure, cancellation or deadline (tagged saga.step and saga.outcome)");
}
