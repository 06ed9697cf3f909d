using Saga.Operations.Sagas;
using Saga.OperatorConsole.Timeline;

namespace Saga.OperatorConsole.Orders;

/// <summary>One order as its page shows it: its row of <c>saga_overview</c> and its timeline.</summary>
public sealed record OrderDetail(SagaOverview Order, IReadOnlyList<TimelineEntry> Timeline);
