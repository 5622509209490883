using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Common;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Core.Domain.Shipping;
using Nop.Plugin.Payments.StripeSidecar.Tests.Fakes;

namespace Nop.Plugin.Payments.StripeSidecar.Tests.Support;

/// <summary>
/// Small builders for a store's rows: a registered customer with an address, a shippable hoodie (product 5) and a
/// download (product 3), and orders of both in a given state.
/// </summary>
public static class StoreBuilder
{
    public const int HoodieId = 5, EbookId = 3, HoodieLineId = 1, EbookLineId = 2;

    public static void ACatalog(this FakeNopServices nop)
    {
        if (nop.Products.Products.Count > 0)
            return;
        nop.Products.Add(new Product
        {
            Id = HoodieId, ProductTypeId = 5, Name = "Stripe-branded hoodie", Sku = "HOODIE_M", Price = 49.90m, IsShipEnabled = true,
            Published = true, ManageInventoryMethod = ManageInventoryMethod.ManageStock, StockQuantity = 120,
            CreatedOnUtc = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc), UpdatedOnUtc = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc),
        });
        nop.Products.Add(new Product
        {
            Id = EbookId, ProductTypeId = 5, Name = "Night Visions (e-book)", Sku = "NIGHT_VISIONS", Price = 2.80m, IsDownload = true,
            Published = true, ManageInventoryMethod = ManageInventoryMethod.DontManageStock,
            CreatedOnUtc = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc), UpdatedOnUtc = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc),
        });
    }

    public static Customer ACustomer(this FakeNopServices nop, int id = 3)
    {
        var existing = nop.Customers.Customers.FirstOrDefault(c => c.Id == id);
        if (existing is not null)
            return existing;
        var address = nop.Addresses.Add(new Address
        {
            Id = id, FirstName = "Victoria", LastName = "Terces", Email = "victoria@example.com", City = "New York",
            Address1 = "1 Main Street", ZipPostalCode = "10001", CountryId = nop.Countries.Ensure("US").Id, StateProvinceId = nop.StateProvinces.Ensure("NY").Id,
        });
        return nop.Customers.Add(new Customer
        {
            Id = id, CustomerGuid = Guid.NewGuid(), Username = "victoria@example.com", Email = "victoria@example.com", FirstName = "Victoria",
            LastName = "Terces", Active = true, RegisteredInStoreId = 1, BillingAddressId = address.Id,
            CreatedOnUtc = new DateTime(2026, 11, 27, 10, 0, 1, DateTimeKind.Utc),
        }, NopCustomerDefaults.RegisteredRoleName);
    }

    /// <summary>Order <paramref name="id"/>: two hoodies (shippable) and one e-book (lines 1 and 2 of order 1), total 100.00 unless told.</summary>
    public static Order AnOrder(this FakeNopServices nop, OrderStatus orderStatus, PaymentStatus paymentStatus, decimal total = 100m,
        decimal refunded = 0m, int shippingStatusId = FakeOrderProcessingService.NotYetShipped, int id = 1)
    {
        nop.ACatalog();
        var customer = nop.ACustomer();
        return nop.Orders.Add(new Order
        {
            Id = id, OrderGuid = Guid.NewGuid(), CustomOrderNumber = id.ToString(), StoreId = 1, CustomerId = customer.Id,
            BillingAddressId = customer.BillingAddressId!.Value, ShippingAddressId = customer.BillingAddressId,
            OrderStatus = orderStatus, PaymentStatus = paymentStatus, ShippingStatusId = shippingStatusId,
            PaymentMethodSystemName = StripeSidecarDefaults.SystemName, CustomerCurrencyCode = "USD", CurrencyRate = 1m,
            OrderSubtotalInclTax = total, OrderSubtotalExclTax = total, OrderTotal = total, RefundedAmount = refunded,
            ShippingMethod = "Ground", CreatedOnUtc = new DateTime(2026, 11, 27, 10, 0, 3, DateTimeKind.Utc),
        },
        new OrderItem { Id = (id - 1) * 2 + HoodieLineId, OrderItemGuid = Guid.NewGuid(), ProductId = HoodieId, Quantity = 2, PriceInclTax = 99.80m, PriceExclTax = 99.80m, UnitPriceInclTax = 49.90m, UnitPriceExclTax = 49.90m },
        new OrderItem { Id = (id - 1) * 2 + EbookLineId, OrderItemGuid = Guid.NewGuid(), ProductId = EbookId, Quantity = 1, PriceInclTax = 0.20m, PriceExclTax = 0.20m, UnitPriceInclTax = 0.20m, UnitPriceExclTax = 0.20m });
    }

    /// <summary>A shipment of order 1's hoodies, shipped and/or delivered as told.</summary>
    public static Shipment AShipment(this FakeNopServices nop, bool shipped, bool delivered = false, int id = 1, int orderId = 1, int quantity = 2)
    {
        var orderItemId = nop.Orders.Items.First(i => i.OrderId == orderId && i.ProductId == HoodieId).Id;
        return nop.Shipments.Add(new Shipment
        {
            Id = id, OrderId = orderId, TrackingNumber = "1Z999AA10123456784",
            ShippedDateUtc = shipped ? new DateTime(2026, 11, 27, 10, 0, 8, DateTimeKind.Utc) : null,
            DeliveryDateUtc = delivered ? new DateTime(2026, 11, 27, 10, 0, 10, DateTimeKind.Utc) : null,
            CreatedOnUtc = new DateTime(2026, 11, 27, 10, 0, 8, DateTimeKind.Utc),
        }, new ShipmentItem { Id = id, OrderItemId = orderItemId, Quantity = quantity });
    }
}
