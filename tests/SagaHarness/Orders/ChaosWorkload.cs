using Saga.Contracts;

namespace Saga.SagaHarness.Orders;

/// <summary>
/// The orders of a chaos run, each with the outcome its data dictates, interleaved in a fixed pseudo-random order:
/// <list type="bullet">
/// <item>a mix over many customers and SKUs: most complete; every 20th fails at inventory (an unknown SKU), at shipping
/// (an unserved country), at payment (a customer without an account) or is rejected (no items);</item>
/// <item>hot-row orders: one customer, one SKU, enough credit and stock for all, so all complete while they contend for
/// the same account and stock rows;</item>
/// <item>an oversubscribed SKU: more orders of one unit each than it has units, so exactly as many complete as there
/// are units;</item>
/// <item>orders of a customer the fraud check blocks (when a run has any): completed on a flow without the fraud check,
/// compensated with the payment refunded on one with it.</item>
/// </list>
/// The customers and SKUs are <see cref="Workload"/>'s (seeded by <see cref="WorkloadSeeder"/>), plus <see cref="ScarceSku"/>.
/// </summary>
public static class ChaosWorkload
{
    public const string ScarceSku = "CHAOS-SKU-SCARCE";
    public const string UnknownCustomer = "CHAOS-C-UNKNOWN";

    /// <summary>A customer with credit for every order, whom the payment participant's fraud check is configured to block.</summary>
    public const string BlockedCustomer = "CHAOS-C-BLOCKED";

    /// <summary>The hot-row orders' customer and SKU: seeded with credit and stock for far more than a run.</summary>
    public static string HotCustomer => Workload.CustomerId(0);

    public static string HotSku => Workload.Sku(0);

    public static IReadOnlyList<PlannedOrder> Plan(int mixed, int hot, int scarce, int seed, int blocked = 0)
    {
        var kinds = Enumerable.Repeat(0, mixed).Concat(Enumerable.Repeat(1, hot)).Concat(Enumerable.Repeat(2, scarce))
            .Concat(Enumerable.Repeat(3, blocked)).ToArray();
        new Random(seed).Shuffle(kinds);
        var plans = new List<PlannedOrder>(kinds.Length);
        for (var index = 0; index < kinds.Length; index++)
        {
            plans.Add(kinds[index] switch
            {
                0 => Mixed(index),
                1 => new PlannedOrder(index, new SubmitOrder(Guid.NewGuid(), HotCustomer, [new OrderItem(HotSku, 1, 10.00m)],
                    Workload.Currency, Workload.Address(index)), ExpectedOutcome.Complete),
                2 => new PlannedOrder(index, new SubmitOrder(Guid.NewGuid(), Workload.CustomerId(index % Workload.Customers),
                    [new OrderItem(ScarceSku, 1, 20.00m)], Workload.Currency, Workload.Address(index)), ExpectedOutcome.CompleteWhileStockLasts),
                _ => new PlannedOrder(index, new SubmitOrder(Guid.NewGuid(), BlockedCustomer, Workload.Items(index), Workload.Currency,
                    Workload.Address(index)), ExpectedOutcome.BlockedByFraudCheck),
            });
        }

        return plans;
    }

    static PlannedOrder Mixed(int index)
    {
        var outcome = (index % 20) switch
        {
            15 => ExpectedOutcome.FailAtInventory,
            16 => ExpectedOutcome.FailAtShipping,
            17 => ExpectedOutcome.DeclineAtPayment,
            18 => ExpectedOutcome.Reject,
            _ => ExpectedOutcome.Complete,
        };
        var items = outcome == ExpectedOutcome.Reject ? [] : Workload.Items(index);
        if (outcome == ExpectedOutcome.FailAtInventory)
            items.Add(new OrderItem(Workload.UnknownSku, 1, 5.00m));
        var customer = outcome == ExpectedOutcome.DeclineAtPayment ? UnknownCustomer : Workload.CustomerId(index % Workload.Customers);
        var address = outcome == ExpectedOutcome.FailAtShipping ? Workload.Unserved : Workload.Address(index);
        return new PlannedOrder(index, new SubmitOrder(Guid.NewGuid(), customer, items, Workload.Currency, address), outcome);
    }
}
