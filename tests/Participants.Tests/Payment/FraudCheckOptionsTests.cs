using Saga.Participants.Payment.FraudRules;

namespace Saga.Participants.Tests.Payment;

public class FraudCheckOptionsTests
{
    [Test]
    public void The_default_rule_is_valid_and_blocks_nothing()
    {
        var options = new FraudCheckOptions();

        Assert.Multiple(() =>
        {
            Assert.That(new FraudCheckOptionsValidator().Validate(null, options).Succeeded, Is.True);
            Assert.That(options.BlockedCustomers, Is.Empty);
            Assert.That(options.MaxOrderAmount, Is.Null);
        });
    }

    [Test]
    public void A_negative_limit_and_a_blank_customer_are_refused_by_name()
    {
        var result = new FraudCheckOptionsValidator().Validate(null, new FraudCheckOptions { BlockedCustomers = ["CUST-1", " "], MaxOrderAmount = -1m });

        Assert.That(result.Failures, Is.EquivalentTo(new[]
        {
            "Participants:Payment:FraudCheck:MaxOrderAmount must not be negative, not -1",
            "Participants:Payment:FraudCheck:BlockedCustomers must not contain a blank customer id",
        }));
    }
}
