using System.Globalization;
using Newtonsoft.Json.Linq;
using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Common;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Shipping;
using Nop.Core.Events;
using Nop.Plugin.Payments.StripeSidecar.Contract;
using Nop.Plugin.Payments.StripeSidecar.Tests.Fakes;
using Nop.Plugin.Payments.StripeSidecar.Tests.Support;
using NUnit.Framework;

namespace Nop.Plugin.Payments.StripeSidecar.Tests;

/// <summary>
/// The mapper (through the event consumers and the outbox writer, as nopCommerce drives it) against the contract:
/// for every example event, the entities the example describes go in, the example must come out, field for field.
/// </summary>
public class ContractMapperTests
{
    private static IEnumerable<string> ExampleTypes() => ContractJson.ExampleEventTypes();

    /// <summary>Raises the nopCommerce event that produces this contract event, for the entities in its payload.</summary>
    private static async Task RaiseAsync(FakeNopServices nop, string type, JObject payload)
    {
        var build = new ExampleEntities(nop);
        var c = nop.Consumers;
        switch (type)
        {
            case "order.placed": await c.HandleEventAsync(new OrderPlacedEvent(build.Order(payload["order"]))); break;
            case "order.paid": await c.HandleEventAsync(new OrderPaidEvent(build.Order(payload["order"]))); break;
            case "order.voided": await c.HandleEventAsync(new OrderVoidedEvent(build.Order(payload["order"]))); break;
            case "order.status_changed":
                await c.HandleEventAsync(new OrderStatusChangedEvent(build.Order(payload["order"]), (OrderStatus)(int)payload["previousOrderStatusId"]!));
                break;
            case "order.refunded":
                await c.HandleEventAsync(new OrderRefundedEvent(build.Order(payload["order"]),
                    decimal.Parse((string)payload["amount"]!, CultureInfo.InvariantCulture)));
                break;
            case "shipment.sent":
                build.Order(payload["order"]);
                await c.HandleEventAsync(new ShipmentSentEvent(build.Shipment(payload["shipment"])));
                break;
            case "shipment.delivered":
                build.Order(payload["order"]);
                await c.HandleEventAsync(new ShipmentDeliveredEvent(build.Shipment(payload["shipment"])));
                break;
            case "customer.registered": await c.HandleEventAsync(new CustomerRegisteredEvent(build.Customer(payload["customer"]))); break;
            case "customer.updated": await c.HandleEventAsync(new EntityUpdatedEvent<Customer>(build.Customer(payload["customer"]))); break;
            case "return_request.created":
                await c.HandleEventAsync(new EntityInsertedEvent<ReturnRequest>(build.ReturnRequest(payload["returnRequest"])));
                break;
            case "return_request.status_changed":
                var returnRequest = build.ReturnRequest(payload["returnRequest"]);
                if (payload["previousReturnRequestStatusId"]!.Type != JTokenType.Null)
                    await nop.GenericAttributes.SaveAttributeAsync(returnRequest, StripeSidecarDefaults.LastReturnRequestStatusAttribute,
                        (int)payload["previousReturnRequestStatusId"]!);
                await c.HandleEventAsync(new EntityUpdatedEvent<ReturnRequest>(returnRequest));
                break;
            case "product.created": await c.HandleEventAsync(new EntityInsertedEvent<Product>(build.Product(payload["product"]))); break;
            case "product.updated": await c.HandleEventAsync(new EntityUpdatedEvent<Product>(build.Product(payload["product"]))); break;
            case "product.deleted": await c.HandleEventAsync(new EntityDeletedEvent<Product>(build.Product(payload["product"]))); break;
            case "product.stock_changed":
                await c.HandleEventAsync(new EntityInsertedEvent<StockQuantityHistory>(build.StockChange(payload["stockChange"])));
                break;
            case "recurring_payment.created":
                await c.HandleEventAsync(new EntityInsertedEvent<RecurringPayment>(build.RecurringPayment(payload["recurringPayment"])));
                break;
            case "recurring_payment.cancelled":
                await c.HandleEventAsync(new EntityUpdatedEvent<RecurringPayment>(build.RecurringPayment(payload["recurringPayment"])));
                break;
            default:
                Assert.Fail($"no nopCommerce event is known for the contract example {type}: add it here");
                break;
        }
    }

    /// <summary>The envelope the delivery task would post for the row, with the example's id, time and version.</summary>
    private static JObject EnvelopeAsDelivered(Domain.OutboxEvent row, JObject example)
    {
        var occurredAt = DateTime.Parse((string)example["occurredAt"]!, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        return ContractJson.Parse(BridgeEnvelope.Build((string)example["id"], row.EventType, occurredAt, row.StoreId, row.PayloadJson,
            (long)example["payload"]!["version"]!));
    }

    [TestCaseSource(nameof(ExampleTypes))]
    public async Task Maps_the_entities_of_the_example_to_the_example(string type)
    {
        var example = ContractJson.ExampleEvent(type);
        var nop = new FakeNopServices();

        await RaiseAsync(nop, type, (JObject)example["payload"]!);

        Assert.That(nop.Outbox.Rows, Has.Count.EqualTo(1), "one outbox row per nopCommerce event");
        var row = nop.Outbox.Rows[0];
        Assert.Multiple(() =>
        {
            Assert.That(row.EventType, Is.EqualTo(type));
            Assert.That(row.StoreId, Is.EqualTo((int)example["storeId"]!));
            Assert.That(ContractJson.Parse(row.PayloadJson).ContainsKey("version"), Is.False, "version is the row id, added at delivery");
        });
        ContractJson.AssertSameJson(EnvelopeAsDelivered(row, example), example);
    }

    [TestCaseSource(nameof(ExampleTypes))]
    public async Task Maps_a_payload_its_JSON_Schema_accepts(string type)
    {
        var example = ContractJson.ExampleEvent(type);
        var nop = new FakeNopServices();
        await RaiseAsync(nop, type, (JObject)example["payload"]!);

        var envelope = EnvelopeAsDelivered(nop.Outbox.Rows.Single(), example);

        ContractJson.AssertValid($"events/{type}.schema.json", envelope["payload"]!);
        ContractJson.AssertValid("event.schema.json", envelope);
    }

    /// <summary>The validator is not a rubber stamp: the mistakes the mapper must not make are caught.</summary>
    [TestCase("order.placed", "order.orderTotal", "116.71", false)]
    [TestCase("order.placed", "order.orderTotal", "1.1e2", true)]
    [TestCase("order.placed", "order.paymentStatusId", "25", false)]
    [TestCase("order.placed", "order.createdOnUtc", "27/11/2026", true)]
    [TestCase("product.updated", "product.price", "-1.00", true)]
    public void The_schemas_refuse_what_the_contract_forbids(string type, string path, string value, bool asString)
    {
        var payload = (JObject)ContractJson.ExampleEvent(type)["payload"]!;
        var token = payload.SelectToken(path)!;
        token.Replace(asString ? new JValue(value) : JToken.Parse(value));
        Assert.That(ContractJson.SchemaErrors($"events/{type}.schema.json", payload), Is.Not.Empty);
    }

    [Test]
    public async Task Money_keeps_its_value_with_two_to_ten_decimals_as_strings()
    {
        var nop = new FakeNopServices();
        var order = ExampleOrder(nop);
        order.OrderTotal = 116.7100m;
        order.CurrencyRate = 0.912345m;
        order.OrderTax = 9m;

        var mapped = JObject.FromObject(await nop.Mapper.OrderAsync(order));

        Assert.Multiple(() =>
        {
            Assert.That(mapped["orderTotal"]!.Type, Is.EqualTo(JTokenType.String));
            Assert.That((string)mapped["orderTotal"], Is.EqualTo("116.71"));
            Assert.That((string)mapped["currencyRate"], Is.EqualTo("0.912345"));
            Assert.That((string)mapped["orderTax"], Is.EqualTo("9.00"));
        });
    }

    [Test]
    public async Task An_order_line_whose_product_is_gone_keeps_its_line_with_an_empty_name()
    {
        var nop = new FakeNopServices();
        var order = ExampleOrder(nop);
        nop.Products.Products.Clear();

        var items = JObject.FromObject(await nop.Mapper.OrderAsync(order))["items"]!;

        Assert.That(items.Select(i => ((string)i["productName"], (string)i["sku"])),
            Is.All.EqualTo((string.Empty, (string)null)));
        Assert.That(items.Select(i => (int)i["productId"]!), Is.EqualTo(new[] { 5, 3 }));
    }

    [Test]
    public async Task An_address_without_country_or_state_maps_their_codes_to_null()
    {
        var nop = new FakeNopServices();
        nop.Addresses.Add(new Address { Id = 9, FirstName = "No", LastName = "Where", City = "Atlantis" });

        var address = JObject.FromObject(await nop.Mapper.AddressAsync(9));

        Assert.Multiple(() =>
        {
            Assert.That(address["countryCode"]!.Type, Is.EqualTo(JTokenType.Null));
            Assert.That(address["stateProvinceCode"]!.Type, Is.EqualTo(JTokenType.Null));
            Assert.That((string)address["city"], Is.EqualTo("Atlantis"));
        });
        Assert.That(await nop.Mapper.AddressAsync(null), Is.Null);
        Assert.That(await nop.Mapper.AddressAsync(404), Is.Null);
    }

    [Test]
    public async Task An_order_is_from_a_guest_only_when_its_customer_lacks_the_Registered_role()
    {
        var nop = new FakeNopServices();
        var order = ExampleOrder(nop);
        var registered = JObject.FromObject((await nop.Mapper.OrderAsync(order))["customer"]);
        var firstVisit = new DateTime(2026, 11, 20, 8, 30, 0, DateTimeKind.Utc);
        nop.Customers.Add(new Customer { Id = 4, CustomerGuid = Guid.NewGuid(), CreatedOnUtc = firstVisit }, "Guests");
        order.CustomerId = 4;
        var guest = JObject.FromObject((await nop.Mapper.OrderAsync(order))["customer"]);
        order.CustomerId = 99; // the customer row is gone
        var gone = JObject.FromObject((await nop.Mapper.OrderAsync(order))["customer"]);

        Assert.Multiple(() =>
        {
            Assert.That((bool)registered["isGuest"]!, Is.False);
            Assert.That((bool)guest["isGuest"]!, Is.True);
            Assert.That((bool)gone["isGuest"]!, Is.False, "an unknown customer is not claimed to be a guest");
            Assert.That((string)gone["customerGuid"], Is.EqualTo(Guid.Empty.ToString()));
            Assert.That((int)gone["id"]!, Is.EqualTo(99));
            Assert.That(registered["createdOnUtc"]!.Type, Is.EqualTo(JTokenType.Date), "1.2: Customer.CreatedOnUtc");
            Assert.That((DateTime)guest["createdOnUtc"]!, Is.EqualTo(firstVisit), "a guest's row has its first visit");
            Assert.That(gone["createdOnUtc"]!.Type, Is.EqualTo(JTokenType.Null));
        });
    }

    [Test]
    public async Task An_order_carries_Order_CustomerIp_as_one_address_or_null()
    {
        var nop = new FakeNopServices();
        var order = ExampleOrder(nop);
        order.CustomerIp = "198.51.100.7";
        await nop.Consumers.HandleEventAsync(new OrderPlacedEvent(order));

        var sent = ContractJson.Parse(nop.Outbox.Rows.Single().PayloadJson);
        Assert.That((string)sent["order"]!["customerIp"], Is.EqualTo("198.51.100.7"));
        sent["updatedAt"] = "2026-11-27T10:00:13.000Z";
        sent["version"] = 1;
        ContractJson.AssertValid("events/order.placed.schema.json", sent);

        Assert.Multiple(() =>
        {
            Assert.That(Services.ContractMapper.WireIp("::ffff:198.51.100.7"), Is.EqualTo("198.51.100.7"));
            Assert.That(Services.ContractMapper.WireIp(" 2001:DB8::1 "), Is.EqualTo("2001:db8::1"));
            Assert.That(Services.ContractMapper.WireIp("fe80::1%4"), Is.EqualTo("fe80::1"));
            Assert.That(Services.ContractMapper.WireIp("198.51.100.7, 10.0.0.1"), Is.Null, "a proxy's list is not one address");
            Assert.That(Services.ContractMapper.WireIp(""), Is.Null);
            Assert.That(Services.ContractMapper.WireIp(null), Is.Null);
        });
    }

    [Test]
    public async Task The_first_status_change_of_a_return_request_not_seen_before_has_a_null_previous_status()
    {
        var nop = new FakeNopServices();
        var payload = (JObject)ContractJson.ExampleEvent("return_request.status_changed")["payload"]!;
        var returnRequest = new ExampleEntities(nop).ReturnRequest(payload["returnRequest"]);

        await nop.Consumers.HandleEventAsync(new EntityUpdatedEvent<ReturnRequest>(returnRequest));

        var sent = ContractJson.Parse(nop.Outbox.Rows.Single().PayloadJson);
        Assert.That(sent["previousReturnRequestStatusId"]!.Type, Is.EqualTo(JTokenType.Null));
        sent["updatedAt"] = "2026-11-27T10:00:13.000Z";
        sent["version"] = 1;
        ContractJson.AssertValid("events/return_request.status_changed.schema.json", sent);
    }

    private static Order ExampleOrder(FakeNopServices nop) =>
        new ExampleEntities(nop).Order(ContractJson.ExampleEvent("order.paid")["payload"]!["order"]);
}
