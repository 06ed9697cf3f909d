namespace Saga.Exploration.Tests.Schedules;

/// <summary>What the participants' data allows for an order: enough credit, enough stock, a country that is served.</summary>
public sealed record OrderData(bool Funded, bool Stocked, bool Served)
{
    public bool CanComplete => Funded && Stocked && Served;

    public override string ToString() => $"new(Funded: {Funded.ToString().ToLowerInvariant()}, Stocked: {Stocked.ToString().ToLowerInvariant()}, Served: {Served.ToString().ToLowerInvariant()})";
}
