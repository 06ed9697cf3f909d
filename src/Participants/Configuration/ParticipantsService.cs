using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Saga.Contracts;
using Saga.Hosting.Operations;
using Saga.Hosting.Telemetry;
using Saga.Participants.Seeding;
using Saga.Settings.Transport;

namespace Saga.Participants.Configuration;

/// <summary>The participants service: the enabled participants' consumers and databases on the configured transport.</summary>
public static class ParticipantsService
{
    public static void Configure(HostApplicationBuilder builder)
    {
        var participants = builder.Configuration.GetSection(ParticipantsOptions.Section).Get<ParticipantsOptions>() ?? new ParticipantsOptions();
        var transport = builder.Configuration.GetSection(TransportOptions.Section).Get<TransportOptions>() ?? new TransportOptions();

        builder.Services.AddParticipantDatabases(builder.Configuration, participants.EnabledOrAll);
        builder.Services.AddServedCountryCache(builder.Configuration);
        builder.Services.AddFraudRule(builder.Configuration);
        builder.AddOperationsListener("http://127.0.0.1:8082");
        builder.Services.AddMessageKey(new MessageKey(OrderTelemetry.OrderIdProperty, OrderTelemetry.OrderIdTag, OrderTelemetry.LogScope));
        if (participants.SeedDemoData)
            builder.Services.AddHostedService<DemoDataSeedingService>();
        // The dead-letter exchange and queue that the participants' quorum queues dead-letter to.
        builder.Services.AddQueueProvisioning();
        builder.Services.AddMassTransit(x =>
        {
            x.AddParticipantConsumers(participants.EnabledOrAll);
            x.UsingConfiguredTransport(transport);
        });
    }
}
