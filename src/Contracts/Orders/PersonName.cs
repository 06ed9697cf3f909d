namespace Saga.Contracts;

/// <summary>A customer's name, in its two parts (at most <see cref="OrderLimits.MaxGivenNameLength"/> and <see cref="OrderLimits.MaxFamilyNameLength"/> characters).</summary>
public sealed record PersonName(string Given, string Family);
