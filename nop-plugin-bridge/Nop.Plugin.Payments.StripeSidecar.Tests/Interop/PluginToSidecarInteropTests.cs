using System.Net;
using System.Text;
using Newtonsoft.Json.Linq;
using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Shipping;
using Nop.Core.Events;
using Nop.Plugin.Payments.StripeSidecar.Contract;
using Nop.Plugin.Payments.StripeSidecar.Services;
using NUnit.Framework;

namespace Nop.Plugin.Payments.StripeSidecar.Tests.Interop;

/// <summary>
/// Plugin -> sidecar on the wire. The plugin's own path builds every event type (EventConsumers -> ContractMapper ->
/// OutboxWriter -> OutboxDeliveryTask -> BridgeEnvelope -> SidecarClient, signed by WebhookSigner now); the exact
/// headers and body bytes its HttpClient would send go to test/interop/verify-bridge-events.ts, which runs the sidecar's
/// verifyBridgeEvent and parseBridgeEvent on them. Forged copies must be refused for the right reason.
/// </summary>
public class PluginToSidecarInteropTests
{
    private const string Secret = "whsec_aW50ZXJvcC1ldmVudC1zZWNyZXQtMzItYnl0ZXMhIQ==";
    private const string OtherSecret = "whsec_YW5vdGhlci1zZWNyZXQtb2YtMzItYnl0ZXMtbG9uZyE=";

    /// <summary>Every event type of contract 1.0 (bridge-event-schemas.ts).</summary>
    private static readonly string[] EventTypes =
    [
        "order.placed", "order.paid", "order.status_changed", "order.refunded", "order.voided", "shipment.sent", "shipment.delivered",
        "customer.registered", "customer.updated", "return_request.created", "return_request.status_changed", "product.created",
        "product.updated", "product.deleted", "product.stock_changed", "recurring_payment.created", "recurring_payment.cancelled",
    ];

    private readonly Dictionary<string, Delivery> _sent = new();
    private readonly Dictionary<string, JObject> _answers = new();

    private sealed record Delivery(IReadOnlyDictionary<string, string> Headers, byte[] Body)
    {
        public string Text => Encoding.UTF8.GetString(Body);
    }

    /// <summary>Takes the place of the network: keeps each request as HttpClient would send it, answers 202.</summary>
    private sealed class CapturingHandler : HttpMessageHandler
    {
        public List<Delivery> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var headers = request.Headers.Concat(request.Content!.Headers)
                .ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(", ", h.Value));
            Requests.Add(new Delivery(headers, await request.Content.ReadAsByteArrayAsync(cancellationToken)));
            return new HttpResponseMessage(HttpStatusCode.Accepted) { Content = new StringContent("{\"status\":\"accepted\"}") };
        }
    }

    [OneTimeSetUp]
    public async Task SendEveryEventTypeThroughTheSidecarsVerifier()
    {
        var nop = InteropStore.Seeded();
        var settings = nop.Settings;
        (settings.SidecarUrl, settings.KeyId, settings.EventSecret) = ("http://sidecar.invalid", "store-1", Secret);
        var consumers = nop.Consumers;

        var order = nop.Orders.Orders[0];
        var shipment = nop.Shipments.Shipments[0];
        var customer = nop.Customers.Customers[0];
        var product = nop.Products.Products[0];
        var returnRequest = nop.ReturnRequests.ReturnRequests[0];
        var recurring = InteropStore.RecurringPayment();
        await consumers.HandleEventAsync(new OrderPlacedEvent(order));
        await consumers.HandleEventAsync(new OrderPaidEvent(order));
        await consumers.HandleEventAsync(new OrderStatusChangedEvent(order, Nop.Core.Domain.Orders.OrderStatus.Pending));
        await consumers.HandleEventAsync(new OrderRefundedEvent(order, 12.3456m));
        await consumers.HandleEventAsync(new OrderVoidedEvent(order));
        await consumers.HandleEventAsync(new ShipmentSentEvent(shipment));
        await consumers.HandleEventAsync(new ShipmentDeliveredEvent(shipment));
        await consumers.HandleEventAsync(new CustomerRegisteredEvent(customer));
        await consumers.HandleEventAsync(new EntityUpdatedEvent<Customer>(customer));
        await consumers.HandleEventAsync(new EntityInsertedEvent<ReturnRequest>(returnRequest));
        returnRequest.ReturnRequestStatusId = 10;
        await consumers.HandleEventAsync(new EntityUpdatedEvent<ReturnRequest>(returnRequest));
        await consumers.HandleEventAsync(new EntityInsertedEvent<Product>(product));
        await consumers.HandleEventAsync(new EntityUpdatedEvent<Product>(product));
        await consumers.HandleEventAsync(new EntityInsertedEvent<StockQuantityHistory>(new StockQuantityHistory
        {
            Id = 1, ProductId = 1, QuantityAdjustment = -1, StockQuantity = 6, Message = "Bestellung 2026-Ü-0001 — Lagerabgang",
            CreatedOnUtc = InteropStore.Created,
        }));
        await consumers.HandleEventAsync(new EntityInsertedEvent<RecurringPayment>(recurring));
        recurring.IsActive = false;
        await consumers.HandleEventAsync(new EntityUpdatedEvent<RecurringPayment>(recurring));
        product.Deleted = true;
        await consumers.HandleEventAsync(new EntityDeletedEvent<Product>(product));

        var network = new CapturingHandler();
        await new OutboxDeliveryTask(nop.Logger, nop.Outbox, new SidecarClient(new HttpClient(network), settings), settings).ExecuteAsync();
        Assert.That(nop.Outbox.Rows.All(r => r.DeliveredOnUtc != null), Is.True, "the outbox delivered every row");
        Assert.That(nop.Logger.Entries, Is.Empty, "nothing was logged");
        foreach (var delivery in network.Requests)
            _sent[JObject.Parse(delivery.Text).Value<string>("type")!] = delivery;

        // Forged copies of a genuine delivery, signed with the plugin's signer.
        var genuine = _sent["order.placed"];
        var id = genuine.Headers[WebhookSigner.IdHeader];
        var deliveries = _sent.Select(s => Describe(s.Key, s.Value)).ToList();
        deliveries.Add(Describe("tampered-body", genuine with { Body = Encoding.UTF8.GetBytes(genuine.Text.Replace("\"1234.50\"", "\"1.50\"")) }));
        deliveries.Add(Describe("wrong-secret", genuine with { Headers = WebhookSigner.Sign(OtherSecret, id, DateTimeOffset.UtcNow, genuine.Text) }));
        deliveries.Add(Describe("old-timestamp", genuine with { Headers = WebhookSigner.Sign(Secret, id, DateTimeOffset.UtcNow.AddMinutes(-10), genuine.Text) }));
        deliveries.Add(Describe("future-timestamp", genuine with { Headers = WebhookSigner.Sign(Secret, id, DateTimeOffset.UtcNow.AddMinutes(10), genuine.Text) }));

        var answers = await NodeScript.RunAsync("verify-bridge-events.ts", new JObject { ["secret"] = Secret, ["deliveries"] = new JArray(deliveries) });
        foreach (var answer in answers.Cast<JObject>())
            _answers[answer.Value<string>("name")!] = answer;
    }

    private static JObject Describe(string name, Delivery delivery) => new()
    {
        ["name"] = name,
        ["headers"] = JObject.FromObject(delivery.Headers),
        ["bodyBase64"] = Convert.ToBase64String(delivery.Body),
    };

    private JToken Payload(string type) => _answers[type]["payload"]!;

    [Test]
    public void The_plugin_sends_every_event_type_of_the_contract() =>
        Assert.That(_sent.Keys, Is.EquivalentTo(EventTypes));

    [TestCaseSource(nameof(EventTypes))]
    public void The_sidecar_accepts_and_parses(string type)
    {
        var answer = _answers[type];
        Assert.That(answer.Value<bool>("accepted"), Is.True, $"{answer.Value<string>("reason")}: {answer.Value<string>("message")}");
        Assert.That(answer.Value<string>("type"), Is.EqualTo(type));
    }

    [Test]
    public void Non_ascii_text_and_decimals_arrive_intact()
    {
        var order = Payload("order.placed")["order"]!;
        var item = order["items"]![0]!;
        Assert.Multiple(() =>
        {
            Assert.That(order.Value<string>("customOrderNumber"), Is.EqualTo("2026-Ü-0001"));
            Assert.That(order["customer"]!.Value<string>("lastName"), Is.EqualTo("Ångström"));
            Assert.That(order["billingAddress"]!.Value<string>("address1"), Is.EqualTo("Straße des 17. Juni 135"));
            Assert.That(order.Value<string>("shippingMethod"), Is.EqualTo("DHL Paket (Zustellung Mo–Sa)"));
            Assert.That(item.Value<string>("productName"), Is.EqualTo("Crème brûlée set — 🍮 «Spezial»"));
            Assert.That(order.Value<string>("orderTotal"), Is.EqualTo("1234.50"));
            Assert.That(order.Value<string>("orderSubtotalExclTax"), Is.EqualTo("1037.395"));
            Assert.That(order.Value<string>("currencyRate"), Is.EqualTo("0.9373"));
            Assert.That(order.Value<string>("orderShippingInclTax"), Is.EqualTo("0.00"));
            Assert.That(order.Value<string>("createdOnUtc"), Is.EqualTo("2026-11-27T09:30:15.123Z"));
            Assert.That(Payload("order.placed").Value<long>("version"), Is.EqualTo(1));
            Assert.That(Payload("order.refunded").Value<string>("amount"), Is.EqualTo("12.3456"));
            Assert.That(Payload("shipment.sent")["shipment"]!.Value<string>("totalWeight"), Is.EqualTo("1.2345"));
            Assert.That(Payload("product.updated")["product"]!.Value<string>("shortDescription"), Is.EqualTo("日本語の説明"));
            Assert.That(Payload("product.updated")["product"]!.Value<string>("oldPrice"), Is.EqualTo("1399.99"));
            Assert.That(Payload("return_request.created")["returnRequest"]!.Value<string>("customerComments"), Is.EqualTo("Leider kaputt 😢"));
            Assert.That(Payload("return_request.status_changed").Value<int?>("previousReturnRequestStatusId"), Is.EqualTo(0));
            Assert.That(Payload("product.stock_changed")["stockChange"]!.Value<string>("message"), Is.EqualTo("Bestellung 2026-Ü-0001 — Lagerabgang"));
        });
    }

    [TestCase("tampered-body", "bad_signature")]
    [TestCase("wrong-secret", "bad_signature")]
    [TestCase("old-timestamp", "stale_timestamp")]
    [TestCase("future-timestamp", "stale_timestamp")]
    public void The_sidecar_refuses_a_forged_delivery(string name, string reason)
    {
        var answer = _answers[name];
        Assert.That(answer.Value<bool>("accepted"), Is.False);
        Assert.That(answer.Value<string>("reason"), Is.EqualTo(reason), answer.Value<string>("message"));
    }
}
