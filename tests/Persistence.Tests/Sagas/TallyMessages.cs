namespace Saga.Persistence.Tests.Sagas;

public sealed record OpenTally(Guid TallyId, string Name);

public sealed record AddToTally(Guid TallyId, int Amount);

/// <summary>Correlated by the tally's name, not its id: exercises correlation by query expression.</summary>
public sealed record AddToTallyByName(string Name, int Amount);
