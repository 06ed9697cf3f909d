using Microsoft.EntityFrameworkCore;
using Saga.Exploration.Tests.Harness;
using Saga.Exploration.Tests.Schedules;
using Saga.Participants.Inventory.Data;
using Saga.Participants.Payment.Data;
using Saga.Participants.Shipping.Data;

namespace Saga.Exploration.Tests.Invariants;

/// <summary>
/// What must hold for an order once its schedule settled: the saga's history never left a final state, the order ended in a
/// state its data allows, a completed order holds exactly one of each effect and an order that did not complete holds
/// none, and the books (credit, stock) agree with the records.
/// </summary>
public static class OrderInvariants
{
    static readonly string[] Final = ["Completed", "Compensated", "Rejected"];

    /// <summary>Every violation found, empty when the order is sound.</summary>
    public static async Task<IReadOnlyList<string>> Check(ExplorationHost host, Guid orderId, Schedule schedule)
    {
        var violations = new List<string>();
        var names = Names.Of(orderId);

        var transitions = await host.QuerySaga(db => db.Transitions.AsNoTracking().Where(t => t.CorrelationId == orderId).OrderBy(t => t.Id).ToListAsync());
        foreach (var left in transitions.Where(t => t.FromState is { } from && Final.Contains(from) && t.ToState != from))
            violations.Add($"the saga left {left.FromState} for {left.ToState} on {left.Event}");
        foreach (var twice in transitions.Where(t => Final.Contains(t.ToState)).GroupBy(t => t.ToState).Where(g => g.Count() > 1))
            violations.Add($"the saga entered {twice.Key} {twice.Count()} times");

        foreach (var fault in host.Relay.For(orderId).SagaFaults)
            violations.Add($"the saga faulted on {fault}");

        var order = await host.Order(orderId);
        var state = order?.CurrentState;
        if (state is not ("Completed" or "Compensated"))
            violations.Add($"the order settled in {state ?? "no state"}");
        if (state == "Completed" && !schedule.Data.CanComplete)
            violations.Add($"the order completed although its data does not allow it ({schedule.Data})");

        var ledger = await host.QueryParticipant<PaymentDbContext, List<LedgerEntry>>(db =>
            db.LedgerEntries.AsNoTracking().Where(e => e.CustomerId == names.Customer).ToListAsync());
        var charges = ledger.Where(e => e.Kind == LedgerEntryKind.Charge).ToList();
        var netCharged = charges.Sum(e => e.Amount) - ledger.Where(e => e.Kind == LedgerEntryKind.Refund).Sum(e => e.Amount);
        var account = await host.QueryParticipant<PaymentDbContext, CustomerAccount?>(db => db.CustomerAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.CustomerId == names.Customer));
        if (account?.Used != netCharged)
            violations.Add($"the account has {account?.Used} used, its ledger says {netCharged}");

        var reservation = await host.QueryParticipant<InventoryDbContext, Reservation?>(db => db.Reservations.AsNoTracking().Include(r => r.Lines).SingleOrDefaultAsync(r => r.OrderId == orderId));
        var stock = await host.QueryParticipant<InventoryDbContext, StockItem?>(db => db.StockItems.AsNoTracking().SingleOrDefaultAsync(s => s.Sku == names.Sku));
        var held = reservation is { Status: ReservationStatus.Reserved } ? reservation.Lines.Sum(l => l.Quantity) : 0;
        if (stock is null || stock.Reserved != held || stock.Reserved > stock.OnHand || stock.OnHand != (schedule.Data.Stocked ? 10 : 1))
            violations.Add($"stock is not conserved: {stock?.OnHand} on hand, {stock?.Reserved} reserved, the reservations hold {held}");

        var shipment = await host.QueryParticipant<ShippingDbContext, Shipment?>(db => db.Shipments.AsNoTracking().SingleOrDefaultAsync(s => s.OrderId == orderId));
        var shipped = shipment is { Status: ShipmentStatus.Scheduled };

        if (state == "Completed")
        {
            if (charges.Count != 1 || netCharged != ScheduleRunner.Price * ScheduleRunner.Quantity)
                violations.Add($"the completed order has {charges.Count} charges and {netCharged} net charged");
            if (held != ScheduleRunner.Quantity)
                violations.Add($"the completed order holds {held} units reserved ({reservation?.Status.ToString() ?? "no reservation"})");
            if (!shipped)
                violations.Add($"the completed order has no live shipment ({shipment?.Status.ToString() ?? "none"})");
        }
        else if (state == "Compensated")
        {
            if (charges.Count > 1)
                violations.Add($"the compensated order was charged {charges.Count} times");
            if (netCharged != 0)
                violations.Add($"the compensated order still has {netCharged} charged");
            if (held != 0)
                violations.Add($"the compensated order still holds {held} units reserved");
            if (shipped)
                violations.Add("the compensated order still has a live shipment");
        }

        return violations;
    }
}
