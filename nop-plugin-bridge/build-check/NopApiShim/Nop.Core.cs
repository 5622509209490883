// Compile-time stand-in for the part of nopCommerce 4.90.3's Nop.Core assembly that the StripeSidecar plugin uses.
// Mirrors nopCommerce 4.90.3 (namespaces, signatures, nullability, enum values) and is checked against the table in
// shared/reference/nop-plugin-build.md §5. Written by hand from that table: it is not nopCommerce code. Only the members
// the plugin uses are declared; entities and events are plain data classes so tests can build them.

using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Stores;

namespace Nop.Core
{
    public abstract partial class BaseEntity
    {
        public int Id { get; set; }
    }

    public partial interface IStoreContext
    {
        Task<Store> GetCurrentStoreAsync();
    }

    public partial interface IWorkContext
    {
        Task<Customer> GetCurrentCustomerAsync();
    }

    public partial interface IPagedList<T> : IList<T>
    {
        int PageIndex { get; }
        int PageSize { get; }
        int TotalCount { get; }
        int TotalPages { get; }
        bool HasPreviousPage { get; }
        bool HasNextPage { get; }
    }
}

namespace Nop.Core.Configuration
{
    public partial interface ISettings
    {
    }
}

namespace Nop.Core.Infrastructure
{
    public partial interface INopStartup
    {
        void ConfigureServices(IServiceCollection services, IConfiguration configuration);
        void Configure(IApplicationBuilder application);
        int Order { get; }
    }
}

namespace Nop.Core.Events
{
    public partial class EntityInsertedEvent<T> where T : BaseEntity
    {
        public EntityInsertedEvent(T entity) => Entity = entity;
        public T Entity { get; }
    }

    public partial class EntityUpdatedEvent<T> where T : BaseEntity
    {
        public EntityUpdatedEvent(T entity) => Entity = entity;
        public T Entity { get; }
    }

    public partial class EntityDeletedEvent<T> where T : BaseEntity
    {
        public EntityDeletedEvent(T entity) => Entity = entity;
        public T Entity { get; }
    }
}

namespace Nop.Core.Domain.Common
{
    public partial interface ISoftDeletedEntity
    {
        bool Deleted { get; set; }
    }

    public partial class Address : BaseEntity
    {
        public string FirstName { get; set; }
        public string LastName { get; set; }
        public string Email { get; set; }
        public string Company { get; set; }
        public int? CountryId { get; set; }
        public int? StateProvinceId { get; set; }
        public string County { get; set; }
        public string City { get; set; }
        public string Address1 { get; set; }
        public string Address2 { get; set; }
        public string ZipPostalCode { get; set; }
        public string PhoneNumber { get; set; }
    }
}

namespace Nop.Core.Domain.Stores
{
    public partial class Store : BaseEntity
    {
    }
}

namespace Nop.Core.Domain.Payments
{
    public enum PaymentStatus
    {
        Pending = 10,
        Authorized = 20,
        Paid = 30,
        PartiallyRefunded = 35,
        Refunded = 40,
        Voided = 50,
    }
}

namespace Nop.Core.Domain.Orders
{
    using Nop.Core.Domain.Common;
    using Nop.Core.Domain.Payments;

    public enum OrderStatus
    {
        Pending = 10,
        Processing = 20,
        Complete = 30,
        Cancelled = 40,
    }

    public enum ReturnRequestStatus
    {
        Pending = 0,
        Received = 10,
        ReturnAuthorized = 20,
        ItemsRepaired = 30,
        ItemsRefunded = 40,
        RequestRejected = 50,
        Cancelled = 60,
    }

    public enum ShoppingCartType
    {
        ShoppingCart = 1,
        Wishlist = 2,
    }

    public partial class Order : BaseEntity, ISoftDeletedEntity
    {
        public Guid OrderGuid { get; set; }
        public string CustomOrderNumber { get; set; }
        public int StoreId { get; set; }
        public int CustomerId { get; set; }
        public int BillingAddressId { get; set; }
        public int? ShippingAddressId { get; set; }
        public bool PickupInStore { get; set; }
        public int OrderStatusId { get; set; }
        public int ShippingStatusId { get; set; }
        public int PaymentStatusId { get; set; }
        public string PaymentMethodSystemName { get; set; }
        public string CustomerCurrencyCode { get; set; }
        public decimal CurrencyRate { get; set; }
        public decimal OrderSubtotalInclTax { get; set; }
        public decimal OrderSubtotalExclTax { get; set; }
        public decimal OrderSubTotalDiscountInclTax { get; set; }
        public decimal OrderSubTotalDiscountExclTax { get; set; }
        public decimal OrderShippingInclTax { get; set; }
        public decimal OrderShippingExclTax { get; set; }
        public decimal PaymentMethodAdditionalFeeInclTax { get; set; }
        public decimal PaymentMethodAdditionalFeeExclTax { get; set; }
        public decimal OrderTax { get; set; }
        public decimal OrderDiscount { get; set; }
        public decimal OrderTotal { get; set; }
        public decimal RefundedAmount { get; set; }
        public string AuthorizationTransactionId { get; set; }
        public string CaptureTransactionId { get; set; }
        public string CaptureTransactionResult { get; set; }
        public string SubscriptionTransactionId { get; set; }
        public DateTime? PaidDateUtc { get; set; }
        public string ShippingMethod { get; set; }
        public string CustomerIp { get; set; }
        public bool Deleted { get; set; }
        public DateTime CreatedOnUtc { get; set; }

        public OrderStatus OrderStatus
        {
            get => (OrderStatus)OrderStatusId;
            set => OrderStatusId = (int)value;
        }

        public PaymentStatus PaymentStatus
        {
            get => (PaymentStatus)PaymentStatusId;
            set => PaymentStatusId = (int)value;
        }
    }

    public partial class OrderItem : BaseEntity
    {
        public Guid OrderItemGuid { get; set; }
        public int OrderId { get; set; }
        public int ProductId { get; set; }
        public int Quantity { get; set; }
        public decimal UnitPriceInclTax { get; set; }
        public decimal UnitPriceExclTax { get; set; }
        public decimal PriceInclTax { get; set; }
        public decimal PriceExclTax { get; set; }
        public decimal DiscountAmountInclTax { get; set; }
        public decimal DiscountAmountExclTax { get; set; }
        public string AttributeDescription { get; set; }
    }

    public partial class OrderNote : BaseEntity
    {
        public int OrderId { get; set; }
        public string Note { get; set; }
        public int DownloadId { get; set; }
        public bool DisplayToCustomer { get; set; }
        public DateTime CreatedOnUtc { get; set; }
    }

    public partial class ReturnRequest : BaseEntity
    {
        public string CustomNumber { get; set; }
        public int StoreId { get; set; }
        public int OrderItemId { get; set; }
        public int CustomerId { get; set; }
        public int Quantity { get; set; }
        public int ReturnedQuantity { get; set; }
        public string ReasonForReturn { get; set; }
        public string RequestedAction { get; set; }
        public string CustomerComments { get; set; }
        public string StaffNotes { get; set; }
        public int ReturnRequestStatusId { get; set; }
        public DateTime CreatedOnUtc { get; set; }
        public DateTime UpdatedOnUtc { get; set; }
    }

    public partial class RecurringPayment : BaseEntity, ISoftDeletedEntity
    {
        public int CycleLength { get; set; }
        public int CyclePeriodId { get; set; }
        public int TotalCycles { get; set; }
        public DateTime StartDateUtc { get; set; }
        public bool IsActive { get; set; }
        public bool LastPaymentFailed { get; set; }
        public bool Deleted { get; set; }
        public int InitialOrderId { get; set; }
        public DateTime CreatedOnUtc { get; set; }
    }

    public partial class RecurringPaymentHistory : BaseEntity
    {
        public int RecurringPaymentId { get; set; }
        public int OrderId { get; set; }
        public DateTime CreatedOnUtc { get; set; }
    }

    /// <summary>Used by the plugin as a type only (cart lists).</summary>
    public partial class ShoppingCartItem : BaseEntity
    {
    }

    public partial class OrderPlacedEvent
    {
        public OrderPlacedEvent(Order order) => Order = order;
        public Order Order { get; }
    }

    public partial class OrderPaidEvent
    {
        public OrderPaidEvent(Order order) => Order = order;
        public Order Order { get; }
    }

    public partial class OrderVoidedEvent
    {
        public OrderVoidedEvent(Order order) => Order = order;
        public Order Order { get; }
    }

    public partial class OrderStatusChangedEvent
    {
        public OrderStatusChangedEvent(Order order, OrderStatus previousOrderStatus)
        {
            Order = order;
            PreviousOrderStatus = previousOrderStatus;
        }

        public Order Order { get; }
        public OrderStatus PreviousOrderStatus { get; set; }
    }

    public partial class OrderRefundedEvent
    {
        public OrderRefundedEvent(Order order, decimal amount)
        {
            Order = order;
            Amount = amount;
        }

        public Order Order { get; }
        public decimal Amount { get; }
    }
}

namespace Nop.Core.Domain.Shipping
{
    public partial class Shipment : BaseEntity
    {
        public int OrderId { get; set; }
        public string TrackingNumber { get; set; }
        public decimal? TotalWeight { get; set; }
        public DateTime? ShippedDateUtc { get; set; }
        public DateTime? DeliveryDateUtc { get; set; }
        public DateTime CreatedOnUtc { get; set; }
    }

    public partial class ShipmentItem : BaseEntity
    {
        public int ShipmentId { get; set; }
        public int OrderItemId { get; set; }
        public int Quantity { get; set; }
        public int WarehouseId { get; set; }
    }

    public partial class ShipmentSentEvent
    {
        public ShipmentSentEvent(Shipment shipment) => Shipment = shipment;
        public Shipment Shipment { get; }
    }

    public partial class ShipmentDeliveredEvent
    {
        public ShipmentDeliveredEvent(Shipment shipment) => Shipment = shipment;
        public Shipment Shipment { get; }
    }
}

namespace Nop.Core.Domain.Customers
{
    using Nop.Core.Domain.Common;

    public partial class Customer : BaseEntity, ISoftDeletedEntity
    {
        public Guid CustomerGuid { get; set; }
        public string Username { get; set; }
        public string Email { get; set; }
        public string FirstName { get; set; }
        public string LastName { get; set; }
        public string Company { get; set; }
        public string Phone { get; set; }
        public bool Active { get; set; }
        public bool Deleted { get; set; }
        public bool IsSystemAccount { get; set; }
        public DateTime CreatedOnUtc { get; set; }
        public int RegisteredInStoreId { get; set; }
        public int? BillingAddressId { get; set; }
        public int? ShippingAddressId { get; set; }
    }

    public partial class CustomerRole : BaseEntity
    {
        public string SystemName { get; set; }
    }

    public static partial class NopCustomerDefaults
    {
        public static string RegisteredRoleName => "Registered";
    }

    public partial class CustomerRegisteredEvent
    {
        public CustomerRegisteredEvent(Customer customer) => Customer = customer;
        public Customer Customer { get; }
    }
}

namespace Nop.Core.Domain.Catalog
{
    using Nop.Core.Domain.Common;

    public enum RecurringProductCyclePeriod
    {
        Days = 0,
        Weeks = 10,
        Months = 20,
        Years = 30,
    }

    public enum ManageInventoryMethod
    {
        DontManageStock = 0,
        ManageStock = 1,
        ManageStockByAttributes = 2,
    }

    /// <summary>In IProductService.SearchProductsAsync's signature.</summary>
    public enum ProductType
    {
        SimpleProduct = 5,
        GroupedProduct = 10,
    }

    /// <summary>In IProductService.SearchProductsAsync's signature.</summary>
    public enum ProductSortingEnum
    {
        Position = 0,
        NameAsc = 5,
        NameDesc = 6,
        PriceAsc = 10,
        PriceDesc = 11,
        CreatedOn = 15,
    }

    /// <summary>In IProductService.SearchProductsAsync's signature (type only).</summary>
    public partial class SpecificationAttributeOption : BaseEntity
    {
    }

    public partial class Product : BaseEntity, ISoftDeletedEntity
    {
        public int ProductTypeId { get; set; }
        public string Name { get; set; }
        public string ShortDescription { get; set; }
        public string Sku { get; set; }
        public string Gtin { get; set; }
        public bool IsGiftCard { get; set; }
        public bool IsDownload { get; set; }
        public bool IsRecurring { get; set; }
        public int RecurringCycleLength { get; set; }
        public int RecurringCyclePeriodId { get; set; }
        public int RecurringTotalCycles { get; set; }
        public bool IsShipEnabled { get; set; }
        public int ManageInventoryMethodId { get; set; }
        public int StockQuantity { get; set; }
        public decimal Price { get; set; }
        public decimal OldPrice { get; set; }
        public bool Published { get; set; }
        public bool Deleted { get; set; }
        public DateTime CreatedOnUtc { get; set; }
        public DateTime UpdatedOnUtc { get; set; }

        public ManageInventoryMethod ManageInventoryMethod
        {
            get => (ManageInventoryMethod)ManageInventoryMethodId;
            set => ManageInventoryMethodId = (int)value;
        }
    }

    public partial class StockQuantityHistory : BaseEntity
    {
        public int QuantityAdjustment { get; set; }
        public int StockQuantity { get; set; }
        public string Message { get; set; }
        public DateTime CreatedOnUtc { get; set; }
        public int ProductId { get; set; }
        public int? CombinationId { get; set; }
        public int? WarehouseId { get; set; }
    }
}

namespace Nop.Core.Domain.Directory
{
    using Nop.Core.Configuration;

    public partial class Country : BaseEntity
    {
        public string TwoLetterIsoCode { get; set; }
    }

    public partial class StateProvince : BaseEntity
    {
        public string Abbreviation { get; set; }
    }

    public partial class Currency : BaseEntity
    {
        public string CurrencyCode { get; set; }
    }

    public partial class CurrencySettings : ISettings
    {
        public int PrimaryStoreCurrencyId { get; set; }
    }
}

namespace Nop.Core.Domain.Discounts
{
    /// <summary>In IOrderTotalCalculationService.GetShoppingCartTotalAsync's result (type only).</summary>
    public partial class Discount : BaseEntity
    {
    }
}

namespace Nop.Core.Domain.ScheduleTasks
{
    public partial class ScheduleTask : BaseEntity
    {
        public string Name { get; set; }
        public int Seconds { get; set; }
        public string Type { get; set; }
        public DateTime? LastEnabledUtc { get; set; }
        public bool Enabled { get; set; }
        public bool StopOnError { get; set; }
    }
}
