namespace Saga.SagaOrchestrator.Configuration;

/// <summary>In-flight orders stored with a flow version and state this build cannot run, and how many there are.</summary>
public sealed record UnknownFlowState(int DefinitionVersion, string State, int Orders)
{
    public override string ToString() => $"definition_version {DefinitionVersion} in {State}: {Orders} order(s)";
}
