using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Saga.OperatorConsole.Configuration;

namespace Saga.OperatorConsole.Security;

/// <summary>
/// Checks a sign-in token against the configured operators' tokens. Both sides are compared as SHA-256 hashes, which have
/// one length whatever the token's, with <see cref="CryptographicOperations.FixedTimeEquals"/>, and every operator is
/// compared every time: how long a check takes tells nothing about which token was close or whose it was.
/// </summary>
public sealed class OperatorTokens
{
    readonly (string Name, byte[] Hash)[] _operators;

    public OperatorTokens(IOptions<OperatorConsoleOptions> options)
        : this(options.Value.Operators)
    {
    }

    public OperatorTokens(IReadOnlyDictionary<string, string> operators) =>
        _operators = [.. operators.Where(o => !string.IsNullOrEmpty(o.Value)).Select(o => (o.Key, Hash(o.Value)))];

    public bool Any => _operators.Length > 0;

    /// <summary>The operator whose token <paramref name="token"/> is, or null.</summary>
    public string? Verify(string? token)
    {
        if (string.IsNullOrEmpty(token))
            return null;

        var candidate = Hash(token);
        string? match = null;
        foreach (var (name, hash) in _operators)
        {
            // No early exit: every operator costs the same comparison, matched or not.
            if (CryptographicOperations.FixedTimeEquals(candidate, hash))
                match ??= name;
        }

        return match;
    }

    static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
