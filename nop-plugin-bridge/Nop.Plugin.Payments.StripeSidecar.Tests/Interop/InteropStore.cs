using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Common;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Core.Domain.Shipping;
using Nop.Plugin.Payments.StripeSidecar.Tests.Fakes;

namespace Nop.Plugin.Payments.StripeSidecar.Tests.Interop;

/// <summary>
/// The interop tests' store: the general fakes (<see cref="FakeNopServices"/>, with nopCommerce's order rules) seeded
/// with one store's worth of data full of non-ASCII text and decimals that need formatting.
/// </summary>
public static class InteropStore
{
    public static readonly DateTime Created = new(2026, 11, 27, 9, 30, 15, 123, DateTimeKind.Utc);

    /// <summary>
    /// Order 1: pending, one crème brûlée set (item 1) in shipment 1, return request 1. Order 2: authorized, two sets
    /// (item 2) not yet in a shipment. Customer 1 (registered), address 1, product 1; the primary currency is EUR.
    /// </summary>
    public static FakeNopServices Seeded(bool withRecurringPayment = false)
    {
        var nop = new FakeNopServices();
        nop.Currencies.Currencies.Single(c => c.Id == nop.CurrencySettings.PrimaryStoreCurrencyId).CurrencyCode = "EUR";
        nop.Addresses.Add(new Address
        {
            Id = 1, FirstName = "Zoë", LastName = "Ångström-Łukasiewicz", Email = "zoe@example.com", Company = "Café Müller & Söhne",
            CountryId = nop.Countries.Ensure("DE").Id, StateProvinceId = nop.StateProvinces.Ensure("BY").Id, City = "München",
            Address1 = "Straße des 17. Juni 135", ZipPostalCode = "80331", PhoneNumber = "+49 89 123456",
        });
        nop.Customers.Add(new Customer
        {
            Id = 1, CustomerGuid = Guid.Parse("6f1c2b9e-4d3a-4b8e-9c71-2a5e8f0d1b34"), Username = "zoë", Email = "zoe@example.com",
            FirstName = "Zoë", LastName = "Ångström", Company = "Café Müller & Söhne", Phone = "+49 89 123456", Active = true,
            CreatedOnUtc = Created, RegisteredInStoreId = 1, BillingAddressId = 1, ShippingAddressId = 1,
        }, NopCustomerDefaults.RegisteredRoleName);
        nop.Products.Add(new Product
        {
            Id = 1, ProductTypeId = 5, Name = "Crème brûlée set — 🍮 «Spezial»", ShortDescription = "日本語の説明", Sku = "CB-1",
            Price = 1234.5m, OldPrice = 1399.9900m, Published = true, IsShipEnabled = true, ManageInventoryMethod = ManageInventoryMethod.ManageStock,
            StockQuantity = 7, CreatedOnUtc = Created, UpdatedOnUtc = Created,
        });
        nop.Orders.Add(new Order
        {
            Id = 1, OrderGuid = Guid.Parse("0b7d3c4a-1e2f-4a5b-8c9d-0e1f2a3b4c5d"), CustomOrderNumber = "2026-Ü-0001", StoreId = 1,
            CustomerId = 1, BillingAddressId = 1, ShippingAddressId = 1, OrderStatus = OrderStatus.Pending, ShippingStatusId = 20,
            PaymentStatus = PaymentStatus.Pending, PaymentMethodSystemName = StripeSidecarDefaults.SystemName, CustomerCurrencyCode = "CHF",
            CurrencyRate = 0.93730000m, OrderSubtotalInclTax = 1234.5m, OrderSubtotalExclTax = 1037.3950m, OrderTax = 197.1050m,
            OrderTotal = 1234.50m, AuthorizationTransactionId = "pi_3QxInterop", ShippingMethod = "DHL Paket (Zustellung Mo–Sa)",
            CreatedOnUtc = Created,
        },
        new OrderItem
        {
            Id = 1, OrderItemGuid = Guid.Parse("9a8b7c6d-5e4f-4a3b-8c1d-0e9f8a7b6c5d"), ProductId = 1, Quantity = 1,
            UnitPriceInclTax = 1234.5m, UnitPriceExclTax = 1037.3950m, PriceInclTax = 1234.5m, PriceExclTax = 1037.3950m,
            AttributeDescription = "Größe: XL<br />Farbe: Blau",
        });
        nop.Orders.Add(new Order
        {
            Id = 2, OrderGuid = Guid.Parse("1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f"), CustomOrderNumber = "2026-Ü-0002", StoreId = 1, CustomerId = 1,
            BillingAddressId = 1, OrderStatus = OrderStatus.Pending, ShippingStatusId = 20, PaymentStatus = PaymentStatus.Authorized,
            PaymentMethodSystemName = StripeSidecarDefaults.SystemName, CustomerCurrencyCode = "EUR", CurrencyRate = 1m, OrderTotal = 39.8m,
            CreatedOnUtc = Created,
        },
        new OrderItem
        {
            Id = 2, OrderItemGuid = Guid.Parse("2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e"), ProductId = 1, Quantity = 2,
            UnitPriceInclTax = 19.9m, PriceInclTax = 39.8m,
        });
        nop.Shipments.Add(new Shipment
        {
            Id = 1, OrderId = 1, TrackingNumber = "JJD0003900071234", TotalWeight = 1.2345m, ShippedDateUtc = Created, CreatedOnUtc = Created,
        }, new ShipmentItem { Id = 1, OrderItemId = 1, Quantity = 1 });
        nop.ReturnRequests.Add(new ReturnRequest
        {
            Id = 1, CustomNumber = "RR-1", StoreId = 1, OrderItemId = 1, CustomerId = 1, Quantity = 1, ReasonForReturn = "Beschädigt – Verpackung eingedrückt",
            RequestedAction = "Erstattung", CustomerComments = "Leider kaputt 😢", ReturnRequestStatusId = 0, CreatedOnUtc = Created, UpdatedOnUtc = Created,
        });
        if (withRecurringPayment)
            nop.Orders.RecurringPayments.Add(RecurringPayment());
        return nop;
    }

    /// <summary>A recurring payment of order 1 (nopCommerce's recurring payments have no service the plugin uses).</summary>
    public static RecurringPayment RecurringPayment() => new()
    {
        Id = 1, CycleLength = 1, CyclePeriodId = 20, TotalCycles = 12, StartDateUtc = Created, IsActive = true, InitialOrderId = 1, CreatedOnUtc = Created,
    };
}
