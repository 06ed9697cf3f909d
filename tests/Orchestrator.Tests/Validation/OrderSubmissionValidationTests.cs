using Saga.Contracts;
using Saga.Orchestrator.Tests.Support;
using Saga.SagaOrchestrator.Validation;

namespace Saga.Orchestrator.Tests.Validation;

/// <summary>What validation adds for the fields newer than version 1: the customer reference, and version 2's customer block.</summary>
public sealed class OrderSubmissionValidationTests
{
    static readonly OrderCustomer Customer = Orders.ValidCustomer;

    [Test]
    public void A_valid_version_2_order_has_no_reasons() => Assert.That(SubmitOrderValidator.Validate(Orders.ValidV2()), Is.Empty);

    [TestCase("PO-4711")]
    [TestCase("")]
    [TestCase(null)]
    public void A_customer_reference_within_the_limit_is_allowed_or_may_be_left_out(string? reference)
    {
        Assert.Multiple(() =>
        {
            Assert.That(SubmitOrderValidator.Validate(Orders.Valid() with { CustomerReference = reference }), Is.Empty);
            Assert.That(SubmitOrderValidator.Validate(Orders.ValidV2() with { CustomerReference = reference }), Is.Empty);
        });
    }

    static IEnumerable<TestCaseData> InvalidReferences()
    {
        yield return Case(Orders.Valid() with { CustomerReference = new string('r', OrderLimits.MaxCustomerReferenceLength + 1) },
            "CustomerReference is longer than 64 characters");
        yield return Case(Orders.Valid() with { CustomerReference = "PO-1\nINFO forged log line" }, "CustomerReference contains control characters");
        yield return Case(Orders.ValidV2() with { CustomerReference = "PO\u00001" }, "CustomerReference contains control characters");
    }

    static IEnumerable<TestCaseData> InvalidCustomers()
    {
        var valid = Orders.ValidV2();
        yield return Case(valid with { Customer = null! },
            "Customer.Id is required", "Customer.Name.Given is required", "Customer.Name.Family is required", "Customer.Contact.Email is required");
        yield return Case(valid with { Customer = Customer with { Id = " " } }, "Customer.Id is required");
        yield return Case(valid with { Customer = Customer with { Id = new string('c', 65) } }, "Customer.Id is longer than 64 characters");
        yield return Case(valid with { Customer = Customer with { Name = null! } }, "Customer.Name.Given is required", "Customer.Name.Family is required");
        yield return Case(valid with { Customer = Customer with { Name = new PersonName("", "Lovelace") } }, "Customer.Name.Given is required");
        yield return Case(valid with { Customer = Customer with { Name = new PersonName("Ada", new string('f', 101)) } },
            "Customer.Name.Family is longer than 100 characters");
        yield return Case(valid with { Customer = Customer with { Name = new PersonName("Ada\r\n", "Lovelace") } },
            "Customer.Name.Given contains control characters");
        yield return Case(valid with { Customer = Customer with { Contact = null! } }, "Customer.Contact.Email is required");
        yield return Case(valid with { Customer = Customer with { Contact = new ContactDetails(new string('e', 250) + "@x.io") } },
            "Customer.Contact.Email is longer than 254 characters");
        yield return Case(valid with { Customer = Customer with { Contact = new ContactDetails("ada.example.com") } },
            "Customer.Contact.Email 'ada.example.com' is not an e-mail address");
        yield return Case(valid with { Customer = Customer with { Contact = new ContactDetails("ada@example.com", new string('1', 33)) } },
            "Customer.Contact.Phone is longer than 32 characters");
        yield return Case(valid with { Customer = Customer with { Contact = new ContactDetails("ada@example.com", "call me") } },
            "Customer.Contact.Phone 'call me' may hold only digits and '+-().' or spaces");
    }

    static TestCaseData Case(object order, params string[] reasons) =>
        new TestCaseData(order).Returns(reasons).SetName($"Rejects: {string.Join(", ", reasons).Replace("\n", "\\n", StringComparison.Ordinal)}");

    [TestCaseSource(nameof(InvalidReferences))]
    [TestCaseSource(nameof(InvalidCustomers))]
    public IReadOnlyList<string> Each_rule_gives_its_own_reason(object order) => order switch
    {
        SubmitOrder v1 => SubmitOrderValidator.Validate(v1),
        SubmitOrderV2 v2 => SubmitOrderValidator.Validate(v2),
        _ => throw new ArgumentException("not an order", nameof(order)),
    };

    [TestCase("ada@example.com", true)]
    [TestCase("a.b+tag@mail.example.co.uk", true)]
    [TestCase("ada@localhost", false)]
    [TestCase("@example.com", false)]
    [TestCase("ada@@example.com", false)]
    [TestCase("ada@example.", false)]
    [TestCase("ada@.example.com", false)]
    [TestCase("ada@example..com", false)]
    [TestCase("ada lovelace@example.com", false)]
    public void An_email_address_needs_a_local_part_and_a_dotted_domain(string email, bool valid) =>
        Assert.That(SubmitOrderValidator.LooksLikeEmail(email), Is.EqualTo(valid));

    [TestCase("+44 20 7946 0958", true)]
    [TestCase("(030) 123-456.7", true)]
    [TestCase("+-()", false)]
    [TestCase("030 123 ext. 4", false)]
    public void A_phone_number_is_digits_and_the_usual_separators(string phone, bool valid) =>
        Assert.That(SubmitOrderValidator.LooksLikePhone(phone), Is.EqualTo(valid));

    [Test]
    public void The_same_problem_gets_the_same_reason_in_either_version()
    {
        var v1 = Orders.Valid() with { Currency = "EURO", Items = [] };
        var v2 = Orders.ValidV2(v1.OrderId) with { Currency = "EURO", Items = [] };

        Assert.That(SubmitOrderValidator.Validate(v2), Is.EqualTo(SubmitOrderValidator.Validate(v1)));
    }
}
