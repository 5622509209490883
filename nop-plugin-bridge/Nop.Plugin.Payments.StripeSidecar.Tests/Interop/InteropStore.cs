using System.Linq.Expressions;
using Nop.Core;
using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Common;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Directory;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Core.Domain.Shipping;
using Nop.Core.Domain.Stores;
using Nop.Data;
using Nop.Services.Catalog;
using Nop.Services.Common;
using Nop.Services.Customers;
using Nop.Services.Directory;
using Nop.Services.Logging;
using Nop.Services.Orders;
using Nop.Services.Shipping;

namespace Nop.Plugin.Payments.StripeSidecar.Tests.Interop;

/// <summary>
/// A small in-memory nopCommerce for the interop tests: one object answers every service the plugin's
/// ContractMapper, EventConsumers and WriteBackService use. Seeded with one store's worth of data full of
/// non-ASCII text and decimals that need formatting. The order rules are simplified versions of nopCommerce's.
/// </summary>
public sealed class InteropStore : IOrderService, IOrderProcessingService, ICustomerService, IAddressService, ICountryService,
    IStateProvinceService, ICurrencyService, IProductService, IShipmentService, IReturnRequestService, IGenericAttributeService,
    IStoreContext, ILogger
{
    public static readonly DateTime Created = new(2026, 11, 27, 9, 30, 15, 123, DateTimeKind.Utc);

    public List<Address> Addresses { get; } = [];
    public List<Customer> Customers { get; } = [];
    public List<Product> Products { get; } = [];
    public List<Order> Orders { get; } = [];
    public List<OrderItem> OrderItems { get; } = [];
    public List<OrderNote> OrderNotes { get; } = [];
    public List<Shipment> Shipments { get; } = [];
    public List<ShipmentItem> ShipmentItems { get; } = [];
    public List<ReturnRequest> ReturnRequests { get; } = [];
    public List<RecurringPayment> RecurringPayments { get; } = [];
    public List<string> Errors { get; } = [];

    /// <summary>Order-processing calls made, e.g. "PartiallyRefundOffline 1 12.30".</summary>
    public List<string> Calls { get; } = [];

    private readonly Dictionary<(string, int, string), object> _attributes = new();

    public static InteropStore Seeded()
    {
        var store = new InteropStore();
        store.Addresses.Add(new Address
        {
            Id = 1, FirstName = "Zoë", LastName = "Ångström-Łukasiewicz", Email = "zoe@example.com", Company = "Café Müller & Söhne",
            CountryId = 1, StateProvinceId = 1, City = "München", Address1 = "Straße des 17. Juni 135", ZipPostalCode = "80331",
            PhoneNumber = "+49 89 123456",
        });
        store.Customers.Add(new Customer
        {
            Id = 1, CustomerGuid = Guid.Parse("6f1c2b9e-4d3a-4b8e-9c71-2a5e8f0d1b34"), Username = "zoë", Email = "zoe@example.com",
            FirstName = "Zoë", LastName = "Ångström", Company = "Café Müller & Söhne", Phone = "+49 89 123456", Active = true,
            CreatedOnUtc = Created, RegisteredInStoreId = 1, BillingAddressId = 1, ShippingAddressId = 1,
        });
        store.Products.Add(new Product
        {
            Id = 1, ProductTypeId = 5, Name = "Crème brûlée set — 🍮 «Spezial»", ShortDescription = "日本語の説明", Sku = "CB-1",
            Price = 1234.5m, OldPrice = 1399.9900m, Published = true, IsShipEnabled = true, ManageInventoryMethod = ManageInventoryMethod.ManageStock,
            StockQuantity = 7, CreatedOnUtc = Created, UpdatedOnUtc = Created,
        });
        store.Orders.Add(new Order
        {
            Id = 1, OrderGuid = Guid.Parse("0b7d3c4a-1e2f-4a5b-8c9d-0e1f2a3b4c5d"), CustomOrderNumber = "2026-Ü-0001", StoreId = 1,
            CustomerId = 1, BillingAddressId = 1, ShippingAddressId = 1, OrderStatus = OrderStatus.Pending, ShippingStatusId = 20,
            PaymentStatus = PaymentStatus.Pending, PaymentMethodSystemName = StripeSidecarDefaults.SystemName, CustomerCurrencyCode = "CHF",
            CurrencyRate = 0.93730000m, OrderSubtotalInclTax = 1234.5m, OrderSubtotalExclTax = 1037.3950m, OrderTax = 197.1050m,
            OrderTotal = 1234.50m, AuthorizationTransactionId = "pi_3QxInterop", ShippingMethod = "DHL Paket (Zustellung Mo–Sa)",
            CreatedOnUtc = Created,
        });
        store.OrderItems.Add(new OrderItem
        {
            Id = 1, OrderItemGuid = Guid.Parse("9a8b7c6d-5e4f-4a3b-8c1d-0e9f8a7b6c5d"), OrderId = 1, ProductId = 1, Quantity = 1,
            UnitPriceInclTax = 1234.5m, UnitPriceExclTax = 1037.3950m, PriceInclTax = 1234.5m, PriceExclTax = 1037.3950m,
            AttributeDescription = "Größe: XL<br />Farbe: Blau",
        });
        store.Orders.Add(new Order
        {
            Id = 2, OrderGuid = Guid.Parse("1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f"), CustomOrderNumber = "2026-Ü-0002", StoreId = 1, CustomerId = 1,
            BillingAddressId = 1, OrderStatus = OrderStatus.Pending, ShippingStatusId = 20, PaymentStatus = PaymentStatus.Authorized,
            PaymentMethodSystemName = StripeSidecarDefaults.SystemName, CustomerCurrencyCode = "EUR", CurrencyRate = 1m, OrderTotal = 39.8m,
            CreatedOnUtc = Created,
        });
        store.OrderItems.Add(new OrderItem
        {
            Id = 2, OrderItemGuid = Guid.Parse("2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e"), OrderId = 2, ProductId = 1, Quantity = 2,
            UnitPriceInclTax = 19.9m, PriceInclTax = 39.8m,
        });
        store.Shipments.Add(new Shipment
        {
            Id = 1, OrderId = 1, TrackingNumber = "JJD0003900071234", TotalWeight = 1.2345m, ShippedDateUtc = Created, CreatedOnUtc = Created,
        });
        store.ShipmentItems.Add(new ShipmentItem { Id = 1, ShipmentId = 1, OrderItemId = 1, Quantity = 1 });
        store.ReturnRequests.Add(new ReturnRequest
        {
            Id = 1, CustomNumber = "RR-1", StoreId = 1, OrderItemId = 1, CustomerId = 1, Quantity = 1, ReasonForReturn = "Beschädigt – Verpackung eingedrückt",
            RequestedAction = "Erstattung", CustomerComments = "Leider kaputt 😢", ReturnRequestStatusId = 0, CreatedOnUtc = Created, UpdatedOnUtc = Created,
        });
        store.RecurringPayments.Add(new RecurringPayment
        {
            Id = 1, CycleLength = 1, CyclePeriodId = 20, TotalCycles = 12, StartDateUtc = Created, IsActive = true, InitialOrderId = 1, CreatedOnUtc = Created,
        });
        return store;
    }

    private static Task<T> Done<T>(T value) => Task.FromResult(value);
    private static IList<T> Listed<T>(IEnumerable<T> items) => items.ToList();

    // IOrderService
    public Task<Order> GetOrderByIdAsync(int orderId) => Done(Orders.FirstOrDefault(o => o.Id == orderId));
    public Task<IList<OrderItem>> GetOrderItemsAsync(int orderId, bool? isNotReturnable = null, bool? isShipEnabled = null, int vendorId = 0) =>
        Done(Listed(OrderItems.Where(i => i.OrderId == orderId)));
    public Task<OrderItem> GetOrderItemByIdAsync(int orderItemId) => Done(OrderItems.FirstOrDefault(i => i.Id == orderItemId));
    public Task UpdateOrderAsync(Order order) => Task.CompletedTask;
    public Task InsertOrderNoteAsync(OrderNote orderNote)
    {
        orderNote.Id = OrderNotes.Count + 1;
        OrderNotes.Add(orderNote);
        return Task.CompletedTask;
    }
    public Task<IList<OrderNote>> GetOrderNotesByOrderIdAsync(int orderId, bool? displayToCustomer = null) =>
        Done(Listed(OrderNotes.Where(n => n.OrderId == orderId)));
    public Task<int> GetTotalNumberOfItemsCanBeAddedToShipmentAsync(OrderItem orderItem) =>
        Done(orderItem.Quantity - ShipmentItems.Where(s => s.OrderItemId == orderItem.Id).Sum(s => s.Quantity));

    // IOrderProcessingService: the checks the admin buttons make, simplified.
    private static bool Open(Order o) => o.OrderStatus != OrderStatus.Cancelled;
    public bool CanMarkOrderAsAuthorized(Order order) => Open(order) && order.PaymentStatus == PaymentStatus.Pending;
    public bool CanMarkOrderAsPaid(Order order) => Open(order) && order.PaymentStatus is PaymentStatus.Pending or PaymentStatus.Authorized;
    public bool CanRefundOffline(Order order) => order.PaymentStatus == PaymentStatus.Paid && order.RefundedAmount == 0;
    public bool CanPartiallyRefundOffline(Order order, decimal amountToRefund) =>
        order.PaymentStatus is PaymentStatus.Paid or PaymentStatus.PartiallyRefunded && order.RefundedAmount + amountToRefund <= order.OrderTotal;
    public bool CanVoidOffline(Order order) => order.PaymentStatus == PaymentStatus.Authorized;
    public bool CanCancelOrder(Order order) => Open(order);

    public Task MarkAsAuthorizedAsync(Order order) => Apply($"MarkAsAuthorized {order.Id}", () => order.PaymentStatus = PaymentStatus.Authorized);
    public Task MarkOrderAsPaidAsync(Order order) => Apply($"MarkOrderAsPaid {order.Id}", () =>
    {
        order.PaymentStatus = PaymentStatus.Paid;
        order.PaidDateUtc = DateTime.UtcNow;
        order.OrderStatus = OrderStatus.Processing;
    });
    public Task RefundOfflineAsync(Order order) => Apply($"RefundOffline {order.Id}", () =>
    {
        order.RefundedAmount = order.OrderTotal;
        order.PaymentStatus = PaymentStatus.Refunded;
    });
    public Task PartiallyRefundOfflineAsync(Order order, decimal amountToRefund) =>
        Apply($"PartiallyRefundOffline {order.Id} {amountToRefund.ToString(System.Globalization.CultureInfo.InvariantCulture)}", () =>
        {
            order.RefundedAmount += amountToRefund;
            order.PaymentStatus = PaymentStatus.PartiallyRefunded;
        });
    public Task VoidOfflineAsync(Order order) => Apply($"VoidOffline {order.Id}", () => order.PaymentStatus = PaymentStatus.Voided);
    public Task CancelOrderAsync(Order order, bool notifyCustomer) => Apply($"CancelOrder {order.Id}", () => order.OrderStatus = OrderStatus.Cancelled);
    public Task ShipAsync(Shipment shipment, bool notifyCustomer) => Apply($"Ship {shipment.Id}", () => shipment.ShippedDateUtc = DateTime.UtcNow);
    public Task DeliverAsync(Shipment shipment, bool notifyCustomer) => Apply($"Deliver {shipment.Id}", () => shipment.DeliveryDateUtc = DateTime.UtcNow);

    private Task Apply(string call, Action change)
    {
        Calls.Add(call);
        change();
        return Task.CompletedTask;
    }

    // ICustomerService
    public Task<Customer> GetCustomerByIdAsync(int customerId) => Done(Customers.FirstOrDefault(c => c.Id == customerId));
    public Task<bool> IsRegisteredAsync(Customer customer, bool onlyActiveCustomerRoles = true) => Done(!string.IsNullOrEmpty(customer.Email));
    public Task<IList<CustomerRole>> GetCustomerRolesAsync(Customer customer, bool showHidden = false) =>
        Done<IList<CustomerRole>>([new CustomerRole { Id = 3, SystemName = NopCustomerDefaults.RegisteredRoleName }]);
    public Task<CustomerRole> GetCustomerRoleBySystemNameAsync(string systemName) => Done(new CustomerRole { Id = 3, SystemName = systemName });
    public Task<IPagedList<Customer>> GetAllCustomersAsync(DateTime? createdFromUtc = null, DateTime? createdToUtc = null,
        DateTime? lastActivityFromUtc = null, DateTime? lastActivityToUtc = null, int affiliateId = 0, int vendorId = 0,
        int[] customerRoleIds = null, string email = null, string username = null, string firstName = null, string lastName = null,
        int dayOfBirth = 0, int monthOfBirth = 0, string company = null, string phone = null, string zipPostalCode = null,
        string ipAddress = null, bool? isActive = null, int pageIndex = 0, int pageSize = int.MaxValue, bool getOnlyTotalCount = false) =>
        Done<IPagedList<Customer>>(new Page<Customer>(Customers, pageIndex, pageSize));

    // Addresses, directory
    public Task<Address> GetAddressByIdAsync(int addressId) => Done(Addresses.FirstOrDefault(a => a.Id == addressId));
    public Task<Country> GetCountryByIdAsync(int countryId) => Done(new Country { Id = countryId, TwoLetterIsoCode = "DE" });
    public Task<StateProvince> GetStateProvinceByIdAsync(int stateProvinceId) => Done(new StateProvince { Id = stateProvinceId, Abbreviation = "BY" });
    public Task<Currency> GetCurrencyByIdAsync(int currencyId) => Done(new Currency { Id = currencyId, CurrencyCode = "EUR" });

    // IProductService
    public Task<Product> GetProductByIdAsync(int productId) => Done(Products.FirstOrDefault(p => p.Id == productId));
    public Task UpdateProductAsync(Product product) => Task.CompletedTask;
    public Task AdjustInventoryAsync(Product product, int quantityToChange, string attributesXml = "", string message = "")
    {
        product.StockQuantity += quantityToChange;
        return Task.CompletedTask;
    }
    public Task<IPagedList<Product>> SearchProductsAsync(int pageIndex = 0, int pageSize = int.MaxValue, IList<int> categoryIds = null,
        IList<int> manufacturerIds = null, int storeId = 0, int vendorId = 0, int warehouseId = 0, ProductType? productType = null,
        bool visibleIndividuallyOnly = false, bool excludeFeaturedProducts = false, decimal? priceMin = null, decimal? priceMax = null,
        int productTagId = 0, string keywords = null, bool searchDescriptions = false, bool searchManufacturerPartNumber = true,
        bool searchSku = true, bool searchProductTags = false, int languageId = 0, IList<SpecificationAttributeOption> filteredSpecOptions = null,
        ProductSortingEnum orderBy = ProductSortingEnum.Position, bool showHidden = false, bool? overridePublished = null) =>
        Done<IPagedList<Product>>(new Page<Product>(Products, pageIndex, pageSize));

    // IShipmentService
    public Task<Shipment> GetShipmentByIdAsync(int shipmentId) => Done(Shipments.FirstOrDefault(s => s.Id == shipmentId));
    public Task<IList<Shipment>> GetShipmentsByOrderIdAsync(int orderId, bool? shipped = null, bool? readyForPickup = null, int vendorId = 0) =>
        Done(Listed(Shipments.Where(s => s.OrderId == orderId)));
    public Task InsertShipmentAsync(Shipment shipment)
    {
        shipment.Id = Shipments.Count + 1;
        Shipments.Add(shipment);
        return Task.CompletedTask;
    }
    public Task<IList<ShipmentItem>> GetShipmentItemsByShipmentIdAsync(int shipmentId) => Done(Listed(ShipmentItems.Where(i => i.ShipmentId == shipmentId)));
    public Task InsertShipmentItemAsync(ShipmentItem shipmentItem)
    {
        shipmentItem.Id = ShipmentItems.Count + 1;
        ShipmentItems.Add(shipmentItem);
        return Task.CompletedTask;
    }

    // IReturnRequestService
    public Task<ReturnRequest> GetReturnRequestByIdAsync(int returnRequestId) => Done(ReturnRequests.FirstOrDefault(r => r.Id == returnRequestId));
    public Task UpdateReturnRequestAsync(ReturnRequest returnRequest) => Task.CompletedTask;

    // IGenericAttributeService
    public Task SaveAttributeAsync<TPropType>(BaseEntity entity, string key, TPropType value, int storeId = 0)
    {
        _attributes[(entity.GetType().Name, entity.Id, key)] = value;
        return Task.CompletedTask;
    }
    public Task<TPropType> GetAttributeAsync<TPropType>(BaseEntity entity, string key, int storeId = 0, TPropType defaultValue = default) =>
        Done(_attributes.TryGetValue((entity.GetType().Name, entity.Id, key), out var value) ? (TPropType)value : defaultValue);

    // IStoreContext, ILogger
    public Task<Store> GetCurrentStoreAsync() => Done(new Store { Id = 1 });
    public Task WarningAsync(string message, Exception exception = null, Customer customer = null) => Task.CompletedTask;
    public Task ErrorAsync(string message, Exception exception = null, Customer customer = null)
    {
        Errors.Add($"{message}: {exception}");
        return Task.CompletedTask;
    }

    private sealed class Page<T> : List<T>, IPagedList<T>
    {
        public Page(IEnumerable<T> all, int pageIndex, int pageSize)
        {
            var items = all.ToList();
            AddRange(items.Skip(pageIndex * pageSize).Take(pageSize));
            (PageIndex, PageSize, TotalCount) = (pageIndex, pageSize, items.Count);
        }

        public int PageIndex { get; }
        public int PageSize { get; }
        public int TotalCount { get; }
        public int TotalPages => PageSize == 0 ? 0 : (TotalCount + PageSize - 1) / PageSize;
        public bool HasPreviousPage => PageIndex > 0;
        public bool HasNextPage => PageIndex + 1 < TotalPages;
    }
}

/// <summary>IRepository over a list; ids are assigned on insert, like the database would.</summary>
public sealed class ListRepository<TEntity> : IRepository<TEntity> where TEntity : BaseEntity
{
    private readonly List<TEntity> _rows = [];
    private readonly object _lock = new();

    public IQueryable<TEntity> Table
    {
        get { lock (_lock) return _rows.ToList().AsQueryable(); }
    }

    public Task InsertAsync(TEntity entity, bool publishEvent = true)
    {
        lock (_lock)
        {
            entity.Id = _rows.Count == 0 ? 1 : _rows.Max(r => r.Id) + 1;
            _rows.Add(entity);
        }
        return Task.CompletedTask;
    }

    public async Task InsertAsync(IList<TEntity> entities, bool publishEvent = true)
    {
        foreach (var entity in entities)
            await InsertAsync(entity, publishEvent);
    }

    public Task UpdateAsync(TEntity entity, bool publishEvent = true) => Task.CompletedTask;
    public Task UpdateAsync(IList<TEntity> entities, bool publishEvent = true) => Task.CompletedTask;

    public Task DeleteAsync(TEntity entity, bool publishEvent = true)
    {
        lock (_lock) _rows.Remove(entity);
        return Task.CompletedTask;
    }

    public async Task DeleteAsync(IList<TEntity> entities, bool publishEvent = true)
    {
        foreach (var entity in entities)
            await DeleteAsync(entity, publishEvent);
    }

    public Task<int> DeleteAsync(Expression<Func<TEntity, bool>> predicate)
    {
        var match = predicate.Compile();
        lock (_lock) return Task.FromResult(_rows.RemoveAll(r => match(r)));
    }
}
