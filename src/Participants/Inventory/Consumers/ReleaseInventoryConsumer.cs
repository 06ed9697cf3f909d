using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Saga.Contracts;
using Saga.Participants.Inventory.Data;
using Saga.Participants.Messaging;
using Saga.Persistence.Dialects;

namespace Saga.Participants.Inventory.Consumers;

/// <summary>
/// Gives an order's reserved units back to stock. Safe to repeat and safe to send when nothing was reserved:
/// compensation must always be able to complete. When nothing was reserved yet, it leaves a mark so that the reservation,
/// should it still arrive, is refused.
/// </summary>
public sealed partial class ReleaseInventoryConsumer : IConsumer<ReleaseInventory>
{
    private readonly InventoryDbContext _db;
    private readonly ISqlDialect _dialect;
    private readonly TimeProvider _clock;
    private readonly ILogger<ReleaseInventoryConsumer> _logger;

    public ReleaseInventoryConsumer(InventoryDbContext db, DbContextDialect<InventoryDbContext> dialect, TimeProvider clock,
        ILogger<ReleaseInventoryConsumer> logger)
    {
        ArgumentNullException.ThrowIfNull(dialect);

        _db = db;
        _dialect = dialect.Dialect;
        _clock = clock;
        _logger = logger;
    }

    public async Task Consume(ConsumeContext<ReleaseInventory> context)
    {
        var command = context.Message;
        var cancellationToken = context.CancellationToken;
        await using var transaction = await ParticipantTransaction.BeginAsync(_db, cancellationToken);

        var reservation = await _db.Reservations.AsNoTracking()
            .Include(r => r.Lines)
            .SingleOrDefaultAsync(r => r.OrderId == command.OrderId, cancellationToken);

        if (reservation is null)
        {
            // The reservation never ran, or is still on its way (the orchestrator gave up waiting for it). The mark takes the
            // order's key: a reservation racing this one fails its insert and is retried into a refusal, or, if it stored
            // its reservation first, this insert fails and the retry releases it.
            _db.Reservations.Add(Reservation.Voided(command.OrderId, NewId.NextGuid(), _clock.GetUtcNow()));
            await _db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            LogVoided(_logger, command.OrderId);

            await context.Publish(new InventoryReleased(command.OrderId, command.ReservationId));
            return;
        }

        if (reservation.Status is ReservationStatus.Failed or ReservationStatus.Voided)
        {
            await context.Publish(new InventoryReleased(command.OrderId, command.ReservationId));
            return;
        }

        if (command.ReservationId is not null && reservation.ReservationId != command.ReservationId)
        {
            throw new InvalidOperationException(
                $"Release for order {command.OrderId} names reservation {command.ReservationId}, but the order holds reservation {reservation.ReservationId}.");
        }

        // Of concurrent releases of this reservation only one marks it; the others find it released and just answer.
        if (await _db.Reservations.TryMarkReleasedAsync(reservation.OrderId, _clock.GetUtcNow(), cancellationToken))
        {
            // A reservation that failed or was voided holds no lines; a reserved one always has some.
            if (reservation.Lines.Count > 0)
                await _db.ReleaseAsync(_dialect, reservation.Lines, cancellationToken);

            await transaction.CommitAsync(cancellationToken);
        }

        await context.Publish(new InventoryReleased(reservation.OrderId, reservation.ReservationId));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {OrderId} released before any reservation ran: marked, a later reservation will be refused")]
    private static partial void LogVoided(ILogger logger, Guid orderId);
}
