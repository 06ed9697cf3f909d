namespace Saga.SagaOrchestrator.Submissions;

/// <summary>The customer's name and contact details of an <see cref="OrderSubmission"/>, flattened; any of them may be missing.</summary>
public sealed record SubmittedContact(string? GivenName, string? FamilyName, string? Email, string? Phone);
