namespace Saga.Contracts;

/// <summary>How to reach a customer: an e-mail address, and a phone number if the customer gave one (digits, spaces, <c>+ - ( ) .</c>).</summary>
public sealed record ContactDetails(string Email, string? Phone = null);
