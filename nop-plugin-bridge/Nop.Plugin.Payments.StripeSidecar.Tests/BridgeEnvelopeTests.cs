using Newtonsoft.Json.Linq;
using Nop.Plugin.Payments.StripeSidecar.Contract;
using NUnit.Framework;

namespace Nop.Plugin.Payments.StripeSidecar.Tests;

public class BridgeEnvelopeTests
{
    /// <summary>Dates stay strings: the test compares the exact text the sidecar receives.</summary>
    private static JObject Parse(string json)
    {
        using var reader = new Newtonsoft.Json.JsonTextReader(new StringReader(json)) { DateParseHandling = Newtonsoft.Json.DateParseHandling.None };
        return JObject.Load(reader);
    }

    private static JObject Example(string type) =>
        Parse(File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "contract", "events", $"{type}.json")));

    [TestCase("order.placed")]
    [TestCase("order.refunded")]
    [TestCase("shipment.sent")]
    [TestCase("customer.registered")]
    [TestCase("product.stock_changed")]
    public void Rebuilds_the_contract_example_from_an_outbox_row(string type)
    {
        var example = Example(type);
        var payload = (JObject)example["payload"]!.DeepClone();
        var version = payload.Value<long>("version");
        payload.Remove("updatedAt");
        payload.Remove("version");
        var occurredOn = DateTime.Parse(example.Value<string>("occurredAt")!, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AdjustToUniversal);

        var built = Parse(BridgeEnvelope.Build(
            example.Value<string>("id")!, type, occurredOn, example.Value<int>("storeId"), payload.ToString(), version));

        Assert.That(JToken.DeepEquals(built, example), Is.True, built.ToString());
    }

    [Test]
    public void Stamps_ordering_fields_and_the_contract_version()
    {
        var json = BridgeEnvelope.Build("e1", "order.paid", new DateTime(2026, 11, 27, 10, 0, 0, DateTimeKind.Utc), 1, "{\"order\":{}}", 42);
        var envelope = Parse(json);
        Assert.Multiple(() =>
        {
            Assert.That(envelope.Value<string>("contractVersion"), Is.EqualTo("1.3"));
            Assert.That(envelope.Value<string>("occurredAt"), Is.EqualTo("2026-11-27T10:00:00.000Z"));
            Assert.That(envelope["payload"]!.Value<long>("version"), Is.EqualTo(42));
            Assert.That(envelope["payload"]!.Value<string>("updatedAt"), Is.EqualTo("2026-11-27T10:00:00.000Z"));
        });
    }

    [Test]
    public void Serializes_payloads_in_camel_case_with_string_decimals_and_nulls_kept()
    {
        var json = BridgeEnvelope.SerializePayload(new { OrderTotal = DecimalFormat.ToWire(12.5m), CaptureTransactionId = (string)null });
        Assert.That(json, Is.EqualTo("{\"orderTotal\":\"12.50\",\"captureTransactionId\":null}"));
    }
}
