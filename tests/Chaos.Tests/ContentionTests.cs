namespace Saga.Chaos.Tests;

/// <summary>
/// Without faults: every order submitted twice under different message ids (some a third time under the same one),
/// hot-row orders for one customer and one SKU, and 100 orders for a SKU with 60 units, among a mix of outcomes and a
/// few malformed messages. The baseline the fault scenarios are compared with.
/// </summary>
[NonParallelizable]
public sealed class ContentionTests
{
    [Test]
    public async Task Duplicated_hot_row_and_oversubscribed_orders_end_as_their_data_dictates_and_exactly_the_stock_completes() =>
        ChaosScenario.AssertBooksBalance(await ChaosScenario.RunAsync("contention", duration: null));
}
