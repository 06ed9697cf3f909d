using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using MassTransit;
using Saga.Contracts.Tests.GoldenSamples;

namespace Saga.Contracts.Tests;

/// <summary>
/// The golden samples under <c>Samples/</c>: one complete MassTransit JSON envelope per published version of every message
/// (docs/versioning.md). What they catch: a property renamed, removed or retyped (an old sample no longer reads back), a
/// type renamed or moved (its URN no longer names a type), a property made required that an old producer does not send,
/// and a shape changed without a new sample (the newest sample is no longer what the type writes).
/// </summary>
public sealed class GoldenSampleTests
{
    static IEnumerable<TestCaseData> Samples() => GoldenSampleFiles.All().Select(s => new TestCaseData(s).SetArgDisplayNames(s.RelativePath));

    static IEnumerable<TestCaseData> MessageTypes() => ContractTypes.Messages.Select(t => new TestCaseData(t).SetArgDisplayNames(t.Name));

    [TestCaseSource(nameof(Samples))]
    public void Each_sample_is_read_by_MassTransit_as_the_type_its_envelope_names_with_every_value_it_holds(GoldenSample sample)
    {
        var type = ContractTypes.OfUrn(sample.MessageType);
        Assert.That(type, Is.Not.Null, $"{sample.MessageType} names no type in {ContractTypes.Namespace}: a renamed or moved type is a new message type");
        Assert.That(type!.Name, Is.EqualTo(sample.TypeName), "a sample lives in the folder of the type it names");

        var (message, context) = MessageJson.Read(sample, type);

        Assert.That(message, Is.Not.Null, $"MassTransit did not deliver {sample.RelativePath} as {type.Name}");
        Assert.Multiple(() =>
        {
            Assert.That(context.MessageId?.ToString(), Is.EqualTo(sample.Envelope["messageId"]?.GetValue<string>()));
            Assert.That(JsonContainment.Differences(sample.Message, MessageJson.Write(message!)), Is.Empty,
                "every property of the sample must read back with its value");
        });
    }

    [TestCaseSource(nameof(Samples))]
    public void A_property_that_a_published_sample_lacks_is_optional(GoldenSample sample)
    {
        var type = ContractTypes.OfUrn(sample.MessageType);
        Assume.That(type, Is.Not.Null);

        Assert.That(OptionalProperties.MissingRequired(sample.Message, type!), Is.Empty,
            "producers of this version never send these properties: they must be nullable (adding a required property is a breaking change)");
    }

    [TestCaseSource(nameof(MessageTypes))]
    public void Every_message_type_has_a_sample(Type type)
    {
        Assert.That(GoldenSampleFiles.Of(type.Name), Is.Not.Empty,
            $"add Samples/{type.Name}/v1.json: the envelope of a {type.Name} as MassTransit writes it (see docs/versioning.md)");
    }

    [TestCaseSource(nameof(MessageTypes))]
    public void The_newest_sample_is_what_the_type_writes_today(Type type)
    {
        var newest = GoldenSampleFiles.Newest(type.Name);
        Assume.That(newest, Is.Not.Null);

        var (message, _) = MessageJson.Read(newest!, type);
        Assume.That(message, Is.Not.Null);

        // MassTransit writes every property, null ones too: a property added to the type shows here even when it is null.
        var written = MessageJson.Write(message!);
        Assert.That(JsonNode.DeepEquals(newest!.Message, written), Is.True,
            $"{type.Name} no longer writes what {newest.RelativePath} holds; a changed shape needs a new sample " +
            $"(v{newest.Version + 1}.json), and a breaking one a new type. Written today:{Environment.NewLine}{written}");
    }

    [TestCaseSource(nameof(MessageTypes))]
    public void The_versions_of_a_type_are_numbered_from_1_without_gaps(Type type)
    {
        var versions = GoldenSampleFiles.Of(type.Name).Select(s => s.Version).ToList();

        Assert.That(versions, Is.EqualTo(Enumerable.Range(1, versions.Count)));
    }

    [Test]
    public void Every_sample_is_of_a_message_type()
    {
        var messageTypes = ContractTypes.Messages.Select(t => t.Name).ToHashSet();

        Assert.That(GoldenSampleFiles.All().Select(s => s.TypeName).Distinct().Where(name => !messageTypes.Contains(name)), Is.Empty,
            "a sample of a part or of a removed type (a retired message keeps no sample here once its type is gone)");
    }

    [Test]
    public void The_message_rule_finds_the_messages_and_leaves_out_their_parts_and_the_constants()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ContractTypes.Messages, Does.Contain(typeof(SubmitOrder)).And.Contain(typeof(SubmitOrderV2)).And.Contain(typeof(PaymentStepTimedOut)));
            Assert.That(ContractTypes.Parts, Is.EquivalentTo(new[]
            {
                typeof(OrderItem), typeof(ShippingAddress), typeof(OrderCustomer), typeof(PersonName), typeof(ContactDetails),
            }));
            Assert.That(ContractTypes.All, Does.Not.Contain(typeof(OrderLimits)).And.Not.Contain(typeof(QueueNames)));
        });
    }

    /// <summary>
    /// A published sample is what producers of that version send, for as long as the version is accepted: it is never
    /// edited. Each is listed with its SHA-256 in <c>Samples/published.sha256</c>; a new sample adds its line, and a
    /// change to a listed one fails here rather than slipping through review.
    /// </summary>
    [Test]
    public void A_published_sample_is_never_edited()
    {
        var published = File.ReadAllLines(GoldenSampleFiles.Manifest)
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split("  ", 2))
            .ToDictionary(parts => parts[1], parts => parts[0], StringComparer.Ordinal);
        var samples = GoldenSampleFiles.All().ToDictionary(s => s.RelativePath, s => Sha256(s.Text), StringComparer.Ordinal);

        Assert.Multiple(() =>
        {
            Assert.That(samples.Keys.Except(published.Keys), Is.Empty, "samples missing from Samples/published.sha256: add their lines (sha256sum)");
            Assert.That(published.Keys.Except(samples.Keys), Is.Empty, "listed samples that are gone");
            Assert.That(samples.Where(s => published.TryGetValue(s.Key, out var hash) && hash != s.Value).Select(s => s.Key), Is.Empty,
                "published samples that were edited: restore them and add a new version instead");
        });
    }

    [Test]
    public void Our_own_publishers_write_the_message_type_a_sample_names()
    {
        Assert.That(MessageUrn.ForTypeString<SubmitOrderV2>(), Is.EqualTo("urn:message:Saga.Contracts:SubmitOrderV2"));
    }

    // Line endings as checked out on Windows must not count as an edit.
    static string Sha256(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\n"))));
}
