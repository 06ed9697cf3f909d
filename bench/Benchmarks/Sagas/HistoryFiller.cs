namespace Saga.Benchmarks.Sagas;

/// <summary>
/// Pre-fills the orchestrator's tables with finished sagas, set-based: <c>order_sagas</c> rows (9 in 10 Completed, the
/// rest Compensated, created evenly over the past 7 days) and their transitions as the state machine writes them
/// (4 for a completed order, 5 for one compensated after shipping failed), then ANALYZE, as autovacuum would.
/// </summary>
public static class HistoryFiller
{
    public static async Task FillAsync(string orchestratorDatabase, int sagas, CancellationToken cancellationToken)
    {
        await Sql.ExecuteAsync(orchestratorDatabase,
            """
            INSERT INTO order_sagas (correlation_id, current_state, version, order_id, customer_id, amount, currency, items,
                ship_to_line1, ship_to_city, ship_to_postal_code, ship_to_country, payment_id, reservation_id, shipment_id,
                payment_refunded, inventory_released, shipment_cancelled, failure_reason, created_at, updated_at, completed_at, compensated_at,
                compensation_attempts, compensation_retries)
            SELECT id, CASE WHEN failed THEN 'Compensated' ELSE 'Completed' END, CASE WHEN failed THEN 7 ELSE 4 END, id,
                'HIST-C' || lpad((g % 1000)::text, 5, '0'), 10 + g % 500, 'EUR',
                '[{"sku":"HIST-SKU-' || (g % 500) || '","quantity":1,"unitPrice":' || (10 + g % 500) || '}]',
                'Friedrichstrasse 43', 'Berlin', '10117', CASE WHEN failed THEN 'BR' ELSE 'DE' END,
                md5('payment' || g)::uuid, md5('reservation' || g)::uuid, CASE WHEN failed THEN NULL ELSE md5('shipment' || g)::uuid END,
                failed, failed, false, CASE WHEN failed THEN 'shipment not scheduled: country BR is not served' END,
                created, created + interval '400 milliseconds', CASE WHEN failed THEN NULL ELSE created + interval '400 milliseconds' END,
                CASE WHEN failed THEN created + interval '400 milliseconds' END, 0, 0
            FROM (SELECT g, md5('history' || g)::uuid AS id, g % 10 = 9 AS failed,
                         now() - interval '7 days' * g / $1 - interval '10 minutes' AS created
                  FROM generate_series(1, $1) AS g) AS s
            """, cancellationToken, sagas);
        await Sql.ExecuteAsync(orchestratorDatabase,
            """
            INSERT INTO saga_transitions (correlation_id, saga_type, from_state, to_state, event, message_id, occurred_at)
            SELECT s.correlation_id, 'OrderState', t.from_state, t.to_state, t.event, md5(s.correlation_id::text || t.step)::uuid,
                   s.created_at + interval '100 milliseconds' * t.step
            FROM order_sagas AS s
            JOIN (VALUES
                (false, 0, 'Initial', 'AwaitingPayment', 'OrderSubmitted'),
                (false, 1, 'AwaitingPayment', 'AwaitingInventory', 'PaymentProcessed'),
                (false, 2, 'AwaitingInventory', 'AwaitingShipment', 'InventoryReserved'),
                (false, 3, 'AwaitingShipment', 'Completed', 'ShipmentScheduled'),
                (true, 0, 'Initial', 'AwaitingPayment', 'OrderSubmitted'),
                (true, 1, 'AwaitingPayment', 'AwaitingInventory', 'PaymentProcessed'),
                (true, 2, 'AwaitingInventory', 'AwaitingShipment', 'InventoryReserved'),
                (true, 3, 'AwaitingShipment', 'Compensating', 'ShipmentSchedulingFailed'),
                (true, 4, 'Compensating', 'Compensated', 'PaymentRefunded'))
              AS t (failed, step, from_state, to_state, event) ON t.failed = (s.current_state = 'Compensated')
            ORDER BY s.created_at, t.step
            """, cancellationToken);
        await Sql.ExecuteAsync(orchestratorDatabase, "ANALYZE order_sagas; ANALYZE saga_transitions", cancellationToken);
    }
}
