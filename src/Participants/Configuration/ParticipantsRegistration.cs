using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Saga.Participants.Inventory.Consumers;
using Saga.Hosting.Database;
using Saga.Hosting.Messaging;
using Saga.Participants.Inventory.Data;
using Saga.Participants.Payment.Consumers;
using Saga.Participants.Payment.Data;
using Saga.Participants.Payment.FraudRules;
using Saga.Participants.Shipping.Consumers;
using Saga.Participants.Shipping.Countries;
using Saga.Participants.Shipping.Data;
using Saga.Persistence;
using Saga.Persistence.Dialects;

namespace Saga.Participants.Configuration;

/// <summary>Wires the payment, inventory and shipping participants into a host.</summary>
public static class ParticipantsRegistration
{
    /// <summary>
    /// Registers each participant's DbContext (scoped, so every consumed message gets its own), all three on
    /// <paramref name="provider"/>. Each participant owns its data: point the three at different databases.
    /// </summary>
    public static IServiceCollection AddParticipantDatabases(
        this IServiceCollection services,
        DatabaseProvider provider,
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
        services.AddSqlDialect<PaymentDbContext>(provider);
        services.AddSqlDialect<InventoryDbContext>(provider);
        services.AddSqlDialect<ShippingDbContext>(provider);
        services.AddTransactionalOutbox<PaymentDbContext>();
        services.AddTransactionalOutbox<InventoryDbContext>();
        services.AddTransactionalOutbox<ShippingDbContext>();

        return services;
    }

    /// <summary>
    /// Adds the participant consumers (the payment participant also runs the fraud check); <c>ConfigureEndpoints</c> then puts them on the
    /// <see cref="Saga.Contracts.QueueNames.Payment"/>, <see cref="Saga.Contracts.QueueNames.Inventory"/> and
    /// <see cref="Saga.Contracts.QueueNames.Shipping"/> queues.
    /// </summary>
    public static IBusRegistrationConfigurator AddParticipantConsumers(this IBusRegistrationConfigurator bus) =>
        bus.AddParticipantConsumers(Enum.GetValues<ParticipantKind>());

    /// <summary>Adds the consumers of the named participants only, so that each participant can run as its own service.</summary>
    public static IBusRegistrationConfigurator AddParticipantConsumers(this IBusRegistrationConfigurator bus, IEnumerable<ParticipantKind> participants)
    {
        bus.TryAddSingleton(TimeProvider.System);
        bus.AddServedCountryCache();

        foreach (var participant in participants.Distinct())
        {
            switch (participant)
            {
                case ParticipantKind.Payment:
                    bus.AddConsumer<ProcessPaymentConsumer, ProcessPaymentConsumerDefinition>();
                    bus.AddConsumer<RefundPaymentConsumer, RefundPaymentConsumerDefinition>();
                    bus.AddConsumer<CheckFraudConsumer, CheckFraudConsumerDefinition>();
                    bus.AddFraudRule();
                    break;
                case ParticipantKind.Inventory:
                    bus.AddConsumer<ReserveInventoryConsumer, ReserveInventoryConsumerDefinition>();
                    bus.AddConsumer<ReleaseInventoryConsumer, ReleaseInventoryConsumerDefinition>();
                    break;
                case ParticipantKind.Shipping:
                    bus.AddConsumer<ScheduleShipmentConsumer, ScheduleShipmentConsumerDefinition>();
                    bus.AddConsumer<CancelShipmentConsumer, CancelShipmentConsumerDefinition>();
                    break;
            }
        }

        return bus;
    }

    /// <summary>The payment participant's fraud rule, blocking nothing unless bound (<see cref="AddFraudRule(IServiceCollection, IConfiguration)"/>).</summary>
    public static IServiceCollection AddFraudRule(this IServiceCollection services)
    {
        services.TryAddSingleton<FraudRule>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FraudCheckOptions>, FraudCheckOptionsValidator>());
        services.AddOptions<FraudCheckOptions>().ValidateOnStart();
        return services;
    }

    /// <summary>The same, with the rule bound from <see cref="FraudCheckOptions.Section"/>.</summary>
    public static IServiceCollection AddFraudRule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddFraudRule();
        services.AddOptions<FraudCheckOptions>().Bind(configuration.GetSection(FraudCheckOptions.Section));
        return services;
    }

    /// <summary>The shipping participant's copy of the served countries, with its lifetime at its default unless bound (<see cref="AddServedCountryCache(IServiceCollection, IConfiguration)"/>).</summary>
    public static IServiceCollection AddServedCountryCache(this IServiceCollection services)
    {
        services.TryAddSingleton<ServedCountryCache>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ServedCountryCacheOptions>, ServedCountryCacheOptionsValidator>());
        services.AddOptions<ServedCountryCacheOptions>().ValidateOnStart();
        return services;
    }

    /// <summary>The same, with its lifetime bound from <see cref="ServedCountryCacheOptions.Section"/>.</summary>
    public static IServiceCollection AddServedCountryCache(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddServedCountryCache();
        services.AddOptions<ServedCountryCacheOptions>().Bind(configuration.GetSection(ServedCountryCacheOptions.Section));
        return services;
    }

    /// <summary>
    /// Registers the databases of the named participants, each configured at <c>Participants:{Name}:Database</c>
    /// (provider and connection string), with
    /// its transactional outbox and inbox (settings at <c>Participants:{Name}:Outbox</c>).
    /// </summary>
    public static IServiceCollection AddParticipantDatabases(this IServiceCollection services, IConfiguration configuration,
        IEnumerable<ParticipantKind> participants)
    {
        foreach (var participant in participants.Distinct())
        {
            var section = ParticipantsOptions.DatabaseSection(participant);
            var outboxSection = ParticipantsOptions.OutboxSection(participant);
            switch (participant)
            {
                case ParticipantKind.Payment:
                    services.AddConfiguredDbContext<PaymentDbContext>(configuration, section, $"{participant.ToString().ToLowerInvariant()}.db");
                    services.AddConfiguredTransactionalOutbox<PaymentDbContext>(configuration, outboxSection);
                    break;
                case ParticipantKind.Inventory:
                    services.AddConfiguredDbContext<InventoryDbContext>(configuration, section, $"{participant.ToString().ToLowerInvariant()}.db");
                    services.AddConfiguredTransactionalOutbox<InventoryDbContext>(configuration, outboxSection);
                    break;
                case ParticipantKind.Shipping:
                    services.AddConfiguredDbContext<ShippingDbContext>(configuration, section, $"{participant.ToString().ToLowerInvariant()}.db");
                    services.AddConfiguredTransactionalOutbox<ShippingDbContext>(configuration, outboxSection);
                    break;
            }
        }

        return services;
    }
}
