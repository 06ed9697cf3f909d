using Microsoft.EntityFrameworkCore;

namespace Saga.Participants.Payment.Data;

/// <summary>The changes to an existing payment record, each one conditional UPDATE of its row.</summary>
public static class PaymentRecordUpdates
{
    /// <summary>
    /// Marks the order's processed payment refunded; false if it is not processed (any more). Of two concurrent refunds of one
    /// payment the second waits for the first's row lock and then finds it refunded, so only one gives the credit back.
    /// </summary>
    public static async Task<bool> TryMarkRefundedAsync(this DbSet<PaymentRecord> records, Guid orderId, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);

        var marked = await records
            .Where(r => r.OrderId == orderId && r.Status == PaymentStatus.Processed)
            .ExecuteUpdateAsync(set => set
                .SetProperty(r => r.Status, PaymentStatus.Refunded)
                .SetProperty(r => r.RefundedAt, now), cancellationToken);
        return marked == 1;
    }
}
