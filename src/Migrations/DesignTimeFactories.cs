using Saga.Hosting.Database;
using Saga.Participants.Inventory.Data;
using Saga.Participants.Payment.Data;
using Saga.Participants.Shipping.Data;
using Saga.SagaOrchestrator.Persistence;

namespace Saga.Migrations;

// Compiled into each provider's migrations assembly, which the factories take their provider from: run on that project,
// `dotnet ef migrations add X --context OrderSagaDbContext` builds the context for that provider without a server.

public sealed class OrderSagaDesignTimeFactory() : DesignTimeDbContextFactory<OrderSagaDbContext>("orchestrator");

public sealed class PaymentDesignTimeFactory() : DesignTimeDbContextFactory<PaymentDbContext>("payment");

public sealed class InventoryDesignTimeFactory() : DesignTimeDbContextFactory<InventoryDbContext>("inventory");

public sealed class ShippingDesignTimeFactory() : DesignTimeDbContextFactory<ShippingDbContext>("shipping");
