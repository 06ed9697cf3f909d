using MassTransit;
using Saga.Contracts;

namespace Saga.Exploration.Tests.Harness;

/// <summary>The order every message between the saga and the participants belongs to.</summary>
public static class Messages
{
    public static Guid OrderOf(object message) => message switch
    {
        ProcessPayment m => m.OrderId,
        RefundPayment m => m.OrderId,
        CheckFraud m => m.OrderId,
        ReserveInventory m => m.OrderId,
        ReleaseInventory m => m.OrderId,
        ScheduleShipment m => m.OrderId,
        CancelShipment m => m.OrderId,
        PaymentProcessed m => m.OrderId,
        PaymentDeclined m => m.OrderId,
        PaymentRefunded m => m.OrderId,
        FraudCheckPassed m => m.OrderId,
        FraudCheckFailed m => m.OrderId,
        InventoryReserved m => m.OrderId,
        InventoryReservationFailed m => m.OrderId,
        InventoryReleased m => m.OrderId,
        ShipmentScheduled m => m.OrderId,
        ShipmentSchedulingFailed m => m.OrderId,
        ShipmentCancelled m => m.OrderId,
        Fault<ProcessPayment> m => m.Message.OrderId,
        Fault<RefundPayment> m => m.Message.OrderId,
        Fault<CheckFraud> m => m.Message.OrderId,
        Fault<ReserveInventory> m => m.Message.OrderId,
        Fault<ReleaseInventory> m => m.Message.OrderId,
        Fault<ScheduleShipment> m => m.Message.OrderId,
        Fault<CancelShipment> m => m.Message.OrderId,
        _ => throw new ArgumentException($"{message.GetType().Name} is not a message between the saga and a participant", nameof(message)),
    };

    public static bool IsCompensation(object command) => command is RefundPayment or ReleaseInventory or CancelShipment;

    public static string QueueOf(object command) => command switch
    {
        ProcessPayment or RefundPayment or CheckFraud => QueueNames.Payment,
        ReserveInventory or ReleaseInventory => QueueNames.Inventory,
        ScheduleShipment or CancelShipment => QueueNames.Shipping,
        _ => throw new ArgumentException($"{command.GetType().Name} is not a participant's command", nameof(command)),
    };
}
