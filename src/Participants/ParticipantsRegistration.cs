using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Saga.Participants.Inventory.Consumers;
using Saga.Participants.Inventory.Data;
using Saga.Participants.Payment.Consumers;
using Saga.Participants.Payment.Data;
using Saga.Participants.Shipping.Consumers;
using Saga.Participants.Shipping.Data;

namespace Saga.Participants;

/// <summary>Wires the payment, inventory and shipping participants into a host.</summary>
public static class ParticipantsRegistration
{
    /// <summary>
    /// Registers each participant's DbContext (scoped, so every consumed message gets its own).
    /// Each participant owns its data: point the three at different databases.
    /// </summary>
    public static IServiceCollection AddParticipantDatabases(
        this IServiceCollection services,
        Action<DbContextOptionsBuilder> configurePayment,
        Action<DbContextOptionsBuilder> configureInventory,
        Action<DbContextOptionsBuilder> configureShipping)
    {
        ArgumentNullException.ThrowIfNull(configurePayment);
        ArgumentNullException.ThrowIfNull(configureInventory);
        ArgumentNullException.ThrowIfNull(configureShipping);

        services.AddDbContext<PaymentDbContext>(configurePayment);
        services.AddDbContext<InventoryDbContext>(configureInventory);
        services.AddDbContext<ShippingDbContext>(configureShipping);

        return services;
    }

    /// <summary>
    /// Adds the six participant consumers; <c>ConfigureEndpoints</c> then puts them on the
    /// <see cref="Saga.Contracts.QueueNames.Payment"/>, <see cref="Saga.Contracts.QueueNames.Inventory"/> and
    /// <see cref="Saga.Contracts.QueueNames.Shipping"/> queues.
    /// </summary>
    public static IBusRegistrationConfigurator AddParticipantConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.TryAddSingleton(TimeProvider.System);

        bus.AddConsumer<ProcessPaymentConsumer, ProcessPaymentConsumerDefinition>();
        bus.AddConsumer<RefundPaymentConsumer, RefundPaymentConsumerDefinition>();
        bus.AddConsumer<ReserveInventoryConsumer, ReserveInventoryConsumerDefinition>();
        bus.AddConsumer<ReleaseInventoryConsumer, ReleaseInventoryConsumerDefinition>();
        bus.AddConsumer<ScheduleShipmentConsumer, ScheduleShipmentConsumerDefinition>();
        bus.AddConsumer<CancelShipmentConsumer, CancelShipmentConsumerDefinition>();

        return bus;
    }
}
