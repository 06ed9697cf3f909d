using Saga.Hosting.Database;
using Saga.Participants.Inventory.Data;
using Saga.Participants.Payment.Data;
using Saga.Participants.Shipping.Data;

namespace Saga.Migrations;

// Compiled into each provider's migrations assembly, which the factories take their provider from: run on that project,
// `dotnet ef migrations add X --context PaymentDbContext` builds the context for that provider without a server.

public sealed class PaymentDesignTimeFactory() : DesignTimeDbContextFactory<PaymentDbContext>("payment");

public sealed class InventoryDesignTimeFactory() : DesignTimeDbContextFactory<InventoryDbContext>("inventory");

public sealed class ShippingDesignTimeFactory() : DesignTimeDbContextFactory<ShippingDbContext>("shipping");
