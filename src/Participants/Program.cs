using MassTransit;
using Microsoft.Extensions.Configuration;
using Saga.Hosting.Services;
using Saga.Hosting.Transport;
using Saga.Participants.Configuration;

// The payment, inventory and shipping participants as one service, or any subset (Participants:Enabled).
return await ServiceCommandLine.RunAsync("Participants", args, builder =>
{
    var participants = builder.Configuration.GetSection(ParticipantsOptions.Section).Get<ParticipantsOptions>() ?? new ParticipantsOptions();
    var transport = builder.Configuration.GetSection(TransportOptions.Section).Get<TransportOptions>() ?? new TransportOptions();

    builder.Services.AddParticipantDatabases(builder.Configuration, participants.EnabledOrAll);
    builder.Services.AddMassTransit(x =>
    {
        x.AddParticipantConsumers(participants.EnabledOrAll);
        x.UsingConfiguredTransport(transport);
    });
});
