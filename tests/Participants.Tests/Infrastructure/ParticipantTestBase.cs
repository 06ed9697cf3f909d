namespace Saga.Participants.Tests.Infrastructure;

/// <summary>Gives every test its own freshly seeded participants and databases.</summary>
public abstract class ParticipantTestBase
{
    protected ParticipantsTestHost Host { get; private set; } = null!;

    /// <summary>How this fixture's host runs: SQLite files and the transport's default concurrency unless overridden.</summary>
    protected virtual ParticipantsTestHostOptions HostOptions { get; } = new();

    [SetUp]
    public async Task StartHost() => Host = await ParticipantsTestHost.StartAsync(HostOptions);

    [TearDown]
    public async Task StopHost()
    {
        // Null when the host failed to start: the set-up failure is the one to report.
        if (Host is { } host)
            await host.DisposeAsync();
    }
}
