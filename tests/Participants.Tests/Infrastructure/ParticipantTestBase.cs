namespace Saga.Participants.Tests.Infrastructure;

/// <summary>Gives every test its own freshly seeded participants and databases.</summary>
public abstract class ParticipantTestBase
{
    protected ParticipantsTestHost Host { get; private set; } = null!;

    [SetUp]
    public async Task StartHost() => Host = await ParticipantsTestHost.StartAsync();

    [TearDown]
    public async Task StopHost() => await Host.DisposeAsync();
}
