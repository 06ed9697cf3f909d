using Saga.Hosting.Services;
using Saga.Participants.Configuration;

// The payment, inventory and shipping participants as one service, or any subset (Participants:Enabled).
return await ServiceCommandLine.RunAsync("Participants", args, ParticipantsService.Configure);
