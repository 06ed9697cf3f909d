using Saga.Operations.Sagas;

namespace Saga.OperatorConsole.Orders;

/// <summary>One page of the order list under its filters.</summary>
public sealed record OrderList(OrderFilter Filter, SagaPage Page)
{
    public bool HasPrevious => Page.Page > 1;

    public bool HasNext => (long)Page.Page * Page.PageSize < Page.Total;
}
