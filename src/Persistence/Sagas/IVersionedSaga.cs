namespace Saga.Persistence.Sagas;

/// <summary>
/// A saga that records the version of the flow it started under, so that an upgraded service finishes it on that flow
/// and its history says which flow each transition belonged to.
/// </summary>
public interface IVersionedSaga
{
    int DefinitionVersion { get; }
}
