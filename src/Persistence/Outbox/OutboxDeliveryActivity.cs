using System.Diagnostics;
using MassTransit;
using MassTransit.Logging;
using Saga.Persistence.Telemetry;

namespace Saga.Persistence.Outbox;

/// <summary>
/// The span of one outbox message's delivery, a child of the span that wrote the message (MassTransit stores its id in the
/// <c>MT-Activity-Id</c> header, which the outbox keeps with the row). Being current while the message is sent, it makes
/// MassTransit's send span, and so the receiver's, part of the producer's trace, whichever loop or consume sends it.
/// </summary>
public static class OutboxDeliveryActivity
{
    public static Activity? Start(OutboxMessage message, string database)
    {
        var parent = ((MessageContext)message).Headers.Get<string>(DiagnosticHeaders.ActivityId) is { } id
                     && ActivityContext.TryParse(id, null, isRemote: true, out var context)
            ? context
            : default;

        // Without a stored parent (nobody listened when the message was written) it is a child of whatever is current.
        var activity = SagaDiagnostics.ActivitySource.StartActivity("outbox deliver", ActivityKind.Internal, parent);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(OutboxMetrics.DatabaseTag, database);
            activity.SetTag(DiagnosticHeaders.MessageId, message.MessageId.ToString("D"));
            activity.SetTag(DiagnosticHeaders.DestinationAddress, message.DestinationAddress?.ToString());
            activity.SetTag(DiagnosticHeaders.MessageTypes, message.MessageType);
        }

        return activity;
    }
}
