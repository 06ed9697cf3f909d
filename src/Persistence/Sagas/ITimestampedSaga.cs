namespace Saga.Persistence.Sagas;

/// <summary>
/// A saga whose creation and last change times the repository keeps, so that operators can find old or stuck sagas in SQL.
/// </summary>
public interface ITimestampedSaga
{
    DateTime CreatedAt { get; set; }

    DateTime UpdatedAt { get; set; }
}
