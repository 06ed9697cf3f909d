using Saga.OperatorConsole.Security;

namespace Saga.OperatorConsole.Tests;

public sealed class OperatorTokensTests
{
    static readonly OperatorTokens Tokens = new(new Dictionary<string, string>
    {
        ["alice"] = "alice-token-0123456789abcdef",
        ["bob"] = "bob-token-fedcba9876543210",
    });

    [Test]
    public void The_right_token_names_its_operator() => Assert.Multiple(() =>
    {
        Assert.That(Tokens.Verify("alice-token-0123456789abcdef"), Is.EqualTo("alice"));
        Assert.That(Tokens.Verify("bob-token-fedcba9876543210"), Is.EqualTo("bob"));
    });

    [TestCase("alice-token-0123456789abcdeF")]
    [TestCase("bob-token-fedcba9876543211")]
    [TestCase(" alice-token-0123456789abcdef")]
    public void A_wrong_token_names_nobody(string token) => Assert.That(Tokens.Verify(token), Is.Null);

    [TestCase("alice-token")]
    [TestCase("alice-token-0123456789abcdef-and-more")]
    [TestCase("")]
    [TestCase(null)]
    public void A_token_of_another_length_names_nobody(string? token) => Assert.That(Tokens.Verify(token), Is.Null);

    [Test]
    public void Without_operators_no_token_signs_in()
    {
        var none = new OperatorTokens(new Dictionary<string, string>());
        Assert.Multiple(() =>
        {
            Assert.That(none.Any, Is.False);
            Assert.That(none.Verify("alice-token-0123456789abcdef"), Is.Null);
            Assert.That(none.Verify(""), Is.Null);
        });
    }
}
