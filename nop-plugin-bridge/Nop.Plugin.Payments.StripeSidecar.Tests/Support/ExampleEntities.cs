using System.Globalization;
using Newtonsoft.Json.Linq;
using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Common;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Shipping;
using Nop.Plugin.Payments.StripeSidecar.Tests.Fakes;

namespace Nop.Plugin.Payments.StripeSidecar.Tests.Support;

/// <summary>
/// Builds the nopCommerce entities a contract example describes, in the fakes: entity properties from the example's
/// fields (decimal strings to decimals, ISO dates to UTC DateTimes), related rows where nopCommerce keeps them
/// (country and state by code, customer roles, the order item a return request points to, ...).
/// </summary>
public class ExampleEntities
{
    private readonly FakeNopServices _nop;

    public ExampleEntities(FakeNopServices nop) => _nop = nop;

    private static decimal Dec(JToken t) => decimal.Parse((string)t!, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

    private static decimal? NullableDec(JToken t) => t.Type == JTokenType.Null ? null : Dec(t);

    private static DateTime Date(JToken t) =>
        DateTime.Parse((string)t!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    private static DateTime? NullableDate(JToken t) => t.Type == JTokenType.Null ? null : Date(t);

    private static Guid Guid(JToken t) => System.Guid.Parse((string)t!);

    public int? Address(JToken json)
    {
        if (json.Type == JTokenType.Null)
            return null;
        var id = (int)json["id"]!;
        if (_nop.Addresses.Addresses.All(a => a.Id != id))
            _nop.Addresses.Add(new Address
            {
                Id = id,
                FirstName = (string)json["firstName"],
                LastName = (string)json["lastName"],
                Email = (string)json["email"],
                Company = (string)json["company"],
                CountryId = json["countryCode"]!.Type == JTokenType.Null ? null : _nop.Countries.Ensure((string)json["countryCode"]).Id,
                StateProvinceId = json["stateProvinceCode"]!.Type == JTokenType.Null ? null : _nop.StateProvinces.Ensure((string)json["stateProvinceCode"]).Id,
                County = (string)json["county"],
                City = (string)json["city"],
                Address1 = (string)json["address1"],
                Address2 = (string)json["address2"],
                ZipPostalCode = (string)json["zipPostalCode"],
                PhoneNumber = (string)json["phoneNumber"],
            });
        return id;
    }

    /// <summary>A full customer (customer.* events).</summary>
    public Customer Customer(JToken json) => _nop.Customers.Add(new Customer
    {
        Id = (int)json["id"]!,
        CustomerGuid = Guid(json["customerGuid"]),
        Username = (string)json["username"],
        Email = (string)json["email"],
        FirstName = (string)json["firstName"],
        LastName = (string)json["lastName"],
        Company = (string)json["company"],
        Phone = (string)json["phone"],
        Active = (bool)json["active"]!,
        BillingAddressId = Address(json["billingAddress"]!),
        ShippingAddressId = Address(json["shippingAddress"]!),
        RegisteredInStoreId = (int)json["registeredInStoreId"]!,
        CreatedOnUtc = Date(json["createdOnUtc"]),
    }, json["customerRoleSystemNames"]!.Values<string>().ToArray());

    /// <summary>The order's customer summary: a Registered customer, or a guest (role "Guests").</summary>
    private void OrderCustomer(JToken json)
    {
        var id = (int)json["id"]!;
        if (_nop.Customers.Customers.Any(c => c.Id == id))
            return;
        _nop.Customers.Add(new Customer
        {
            Id = id,
            CustomerGuid = Guid(json["customerGuid"]),
            Email = (string)json["email"],
            FirstName = (string)json["firstName"],
            LastName = (string)json["lastName"],
            Active = true,
            CreatedOnUtc = json["createdOnUtc"] is { Type: JTokenType.String } created ? Date(created) : default,
        }, (bool)json["isGuest"]! ? "Guests" : NopCustomerDefaults.RegisteredRoleName);
    }

    public Product Product(JToken json) => _nop.Products.Add(new Product
    {
        Id = (int)json["id"]!,
        ProductTypeId = (int)json["productTypeId"]!,
        Name = (string)json["name"],
        ShortDescription = (string)json["shortDescription"],
        Sku = (string)json["sku"],
        Gtin = (string)json["gtin"],
        Price = Dec(json["price"]),
        OldPrice = Dec(json["oldPrice"]),
        Published = (bool)json["published"]!,
        Deleted = (bool)json["deleted"]!,
        IsShipEnabled = (bool)json["isShipEnabled"]!,
        IsGiftCard = (bool)json["isGiftCard"]!,
        IsDownload = (bool)json["isDownload"]!,
        IsRecurring = (bool)json["isRecurring"]!,
        RecurringCycleLength = (int)json["recurringCycleLength"]!,
        RecurringCyclePeriodId = (int)json["recurringCyclePeriodId"]!,
        RecurringTotalCycles = (int)json["recurringTotalCycles"]!,
        ManageInventoryMethodId = (int)json["manageInventoryMethodId"]!,
        StockQuantity = (int)json["stockQuantity"]!,
        CreatedOnUtc = Date(json["createdOnUtc"]),
        UpdatedOnUtc = Date(json["updatedOnUtc"]),
    });

    /// <summary>A product known only by what an order line or stock change says of it.</summary>
    private void ProductStub(int id, string name, string sku)
    {
        if (_nop.Products.Products.All(p => p.Id != id))
            _nop.Products.Add(new Product { Id = id, Name = name, Sku = sku, IsShipEnabled = true, Published = true });
    }

    public Order Order(JToken json)
    {
        OrderCustomer(json["customer"]!);
        var items = json["items"]!.Select(i =>
        {
            ProductStub((int)i["productId"]!, (string)i["productName"], (string)i["sku"]);
            return new OrderItem
            {
                Id = (int)i["id"]!,
                OrderItemGuid = Guid(i["orderItemGuid"]),
                ProductId = (int)i["productId"]!,
                Quantity = (int)i["quantity"]!,
                UnitPriceInclTax = Dec(i["unitPriceInclTax"]),
                UnitPriceExclTax = Dec(i["unitPriceExclTax"]),
                PriceInclTax = Dec(i["priceInclTax"]),
                PriceExclTax = Dec(i["priceExclTax"]),
                DiscountAmountInclTax = Dec(i["discountAmountInclTax"]),
                DiscountAmountExclTax = Dec(i["discountAmountExclTax"]),
                AttributeDescription = (string)i["attributeDescription"],
            };
        }).ToArray();
        return _nop.Orders.Add(new Order
        {
            Id = (int)json["id"]!,
            OrderGuid = Guid(json["orderGuid"]),
            CustomOrderNumber = (string)json["customOrderNumber"],
            StoreId = (int)json["storeId"]!,
            CustomerId = (int)json["customerId"]!,
            OrderStatusId = (int)json["orderStatusId"]!,
            PaymentStatusId = (int)json["paymentStatusId"]!,
            ShippingStatusId = (int)json["shippingStatusId"]!,
            PaymentMethodSystemName = (string)json["paymentMethodSystemName"],
            CustomerCurrencyCode = (string)json["customerCurrencyCode"],
            CurrencyRate = Dec(json["currencyRate"]),
            OrderSubtotalInclTax = Dec(json["orderSubtotalInclTax"]),
            OrderSubtotalExclTax = Dec(json["orderSubtotalExclTax"]),
            OrderSubTotalDiscountInclTax = Dec(json["orderSubTotalDiscountInclTax"]),
            OrderSubTotalDiscountExclTax = Dec(json["orderSubTotalDiscountExclTax"]),
            OrderShippingInclTax = Dec(json["orderShippingInclTax"]),
            OrderShippingExclTax = Dec(json["orderShippingExclTax"]),
            PaymentMethodAdditionalFeeInclTax = Dec(json["paymentMethodAdditionalFeeInclTax"]),
            PaymentMethodAdditionalFeeExclTax = Dec(json["paymentMethodAdditionalFeeExclTax"]),
            OrderTax = Dec(json["orderTax"]),
            OrderDiscount = Dec(json["orderDiscount"]),
            OrderTotal = Dec(json["orderTotal"]),
            RefundedAmount = Dec(json["refundedAmount"]),
            AuthorizationTransactionId = (string)json["authorizationTransactionId"],
            CaptureTransactionId = (string)json["captureTransactionId"],
            SubscriptionTransactionId = (string)json["subscriptionTransactionId"],
            PaidDateUtc = NullableDate(json["paidDateUtc"]),
            CustomerIp = (string)json["customerIp"],
            ShippingMethod = (string)json["shippingMethod"],
            PickupInStore = (bool)json["pickupInStore"]!,
            BillingAddressId = Address(json["billingAddress"]!) ?? 0,
            ShippingAddressId = Address(json["shippingAddress"]!),
            CreatedOnUtc = Date(json["createdOnUtc"]),
        }, items);
    }

    /// <summary>An order known only by id and guid (what a return request or recurring payment shows of it).</summary>
    private void OrderStub(int id, Guid orderGuid, int customerId)
    {
        if (_nop.Orders.Orders.All(o => o.Id != id))
            _nop.Orders.Add(new Order { Id = id, OrderGuid = orderGuid, CustomerId = customerId, StoreId = 1 });
    }

    public Shipment Shipment(JToken json) => _nop.Shipments.Add(new Shipment
    {
        Id = (int)json["id"]!,
        OrderId = (int)json["orderId"]!,
        TrackingNumber = (string)json["trackingNumber"],
        TotalWeight = NullableDec(json["totalWeight"]!),
        ShippedDateUtc = NullableDate(json["shippedDateUtc"]!),
        DeliveryDateUtc = NullableDate(json["deliveryDateUtc"]!),
        CreatedOnUtc = Date(json["createdOnUtc"]),
    }, json["items"]!.Select(i => new ShipmentItem { Id = (int)i["id"]!, OrderItemId = (int)i["orderItemId"]!, Quantity = (int)i["quantity"]! }).ToArray());

    public ReturnRequest ReturnRequest(JToken json)
    {
        OrderStub((int)json["orderId"]!, Guid(json["orderGuid"]), (int)json["customerId"]!);
        var orderItemId = (int)json["orderItemId"]!;
        if (_nop.Orders.Items.All(i => i.Id != orderItemId))
            _nop.Orders.Items.Add(new OrderItem { Id = orderItemId, OrderId = (int)json["orderId"]!, ProductId = (int)json["productId"]!, Quantity = 2 });
        return _nop.ReturnRequests.Add(new ReturnRequest
        {
            Id = (int)json["id"]!,
            CustomNumber = (string)json["customNumber"],
            StoreId = (int)json["storeId"]!,
            OrderItemId = orderItemId,
            CustomerId = (int)json["customerId"]!,
            Quantity = (int)json["quantity"]!,
            ReturnedQuantity = (int)json["returnedQuantity"]!,
            ReasonForReturn = (string)json["reasonForReturn"],
            RequestedAction = (string)json["requestedAction"],
            CustomerComments = (string)json["customerComments"],
            StaffNotes = (string)json["staffNotes"],
            ReturnRequestStatusId = (int)json["returnRequestStatusId"]!,
            CreatedOnUtc = Date(json["createdOnUtc"]),
            UpdatedOnUtc = Date(json["updatedOnUtc"]),
        });
    }

    public RecurringPayment RecurringPayment(JToken json)
    {
        var initialOrderId = (int)json["initialOrderId"]!;
        OrderStub(initialOrderId, Guid(json["initialOrderGuid"]), (int)json["customerId"]!);
        _nop.Orders.Orders.First(o => o.Id == initialOrderId).PaymentMethodSystemName = (string)json["paymentMethodSystemName"];
        if (json["productId"]?.Type == JTokenType.Integer)
        {
            var productId = (int)json["productId"]!;
            ProductStub(productId, "a recurring product", null);
            _nop.Products.Products.First(p => p.Id == productId).IsRecurring = true;
            if (_nop.Orders.Items.All(i => i.OrderId != initialOrderId))
                _nop.Orders.Items.Add(new OrderItem { Id = 900 + initialOrderId, OrderId = initialOrderId, ProductId = productId, Quantity = 1 });
        }
        return new RecurringPayment
        {
            Id = (int)json["id"]!,
            InitialOrderId = (int)json["initialOrderId"]!,
            CycleLength = (int)json["cycleLength"]!,
            CyclePeriodId = (int)json["cyclePeriodId"]!,
            TotalCycles = (int)json["totalCycles"]!,
            StartDateUtc = Date(json["startDateUtc"]),
            IsActive = (bool)json["isActive"]!,
            LastPaymentFailed = (bool)json["lastPaymentFailed"]!,
            Deleted = (bool)json["deleted"]!,
            CreatedOnUtc = Date(json["createdOnUtc"]),
        };
    }

    public StockQuantityHistory StockChange(JToken json)
    {
        ProductStub((int)json["productId"]!, "a product", (string)json["sku"]);
        return new StockQuantityHistory
        {
            Id = 1,
            ProductId = (int)json["productId"]!,
            CombinationId = (int?)json["combinationId"],
            WarehouseId = (int?)json["warehouseId"],
            QuantityAdjustment = (int)json["quantityAdjustment"]!,
            StockQuantity = (int)json["stockQuantity"]!,
            Message = (string)json["message"],
            CreatedOnUtc = DateTime.UtcNow,
        };
    }
}
