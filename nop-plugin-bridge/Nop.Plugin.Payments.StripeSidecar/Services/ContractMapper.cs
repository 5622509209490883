using System.Net;
using System.Net.Sockets;
using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Common;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Directory;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Shipping;
using Nop.Plugin.Payments.StripeSidecar.Contract;
using Nop.Services.Catalog;
using Nop.Services.Common;
using Nop.Services.Customers;
using Nop.Services.Directory;
using Nop.Services.Orders;
using Nop.Services.Payments;
using Nop.Services.Shipping;

namespace Nop.Plugin.Payments.StripeSidecar.Services;

/// <summary>
/// nopCommerce entities to the contract's shapes (common.schema.json). Property names are the entity's, camelCased
/// by the serializer; decimals become strings; every listed property is present, null where nopCommerce allows it.
/// </summary>
public class ContractMapper
{
    private readonly CurrencySettings _currencySettings;
    private readonly IAddressService _addressService;
    private readonly ICountryService _countryService;
    private readonly ICurrencyService _currencyService;
    private readonly ICustomerService _customerService;
    private readonly IGenericAttributeService _genericAttributeService;
    private readonly IOrderProcessingService _orderProcessingService;
    private readonly IOrderService _orderService;
    private readonly IPaymentService _paymentService;
    private readonly IProductService _productService;
    private readonly IShipmentService _shipmentService;
    private readonly IStateProvinceService _stateProvinceService;

    public ContractMapper(CurrencySettings currencySettings, IAddressService addressService, ICountryService countryService,
        ICurrencyService currencyService, ICustomerService customerService, IGenericAttributeService genericAttributeService,
        IOrderProcessingService orderProcessingService, IOrderService orderService, IPaymentService paymentService,
        IProductService productService, IShipmentService shipmentService, IStateProvinceService stateProvinceService)
    {
        _genericAttributeService = genericAttributeService;
        _orderProcessingService = orderProcessingService;
        _paymentService = paymentService;
        _currencySettings = currencySettings;
        _addressService = addressService;
        _countryService = countryService;
        _currencyService = currencyService;
        _customerService = customerService;
        _orderService = orderService;
        _productService = productService;
        _shipmentService = shipmentService;
        _stateProvinceService = stateProvinceService;
    }

    private static string Money(decimal value) => DecimalFormat.ToWire(value);

    public async Task<object> AddressAsync(int? addressId)
    {
        var address = addressId is > 0 ? await _addressService.GetAddressByIdAsync(addressId.Value) : null;
        if (address is null)
            return null;
        var country = address.CountryId is > 0 ? await _countryService.GetCountryByIdAsync(address.CountryId.Value) : null;
        var state = address.StateProvinceId is > 0 ? await _stateProvinceService.GetStateProvinceByIdAsync(address.StateProvinceId.Value) : null;
        return new
        {
            id = address.Id,
            firstName = address.FirstName,
            lastName = address.LastName,
            email = address.Email,
            company = address.Company,
            countryCode = country?.TwoLetterIsoCode,
            stateProvinceCode = state?.Abbreviation,
            county = address.County,
            city = address.City,
            address1 = address.Address1,
            address2 = address.Address2,
            zipPostalCode = address.ZipPostalCode,
            phoneNumber = address.PhoneNumber,
        };
    }

    public async Task<Dictionary<string, object>> OrderAsync(Order order)
    {
        var customer = await _customerService.GetCustomerByIdAsync(order.CustomerId);
        var items = new List<object>();
        foreach (var item in await _orderService.GetOrderItemsAsync(order.Id))
        {
            var product = await _productService.GetProductByIdAsync(item.ProductId);
            items.Add(new
            {
                id = item.Id,
                orderItemGuid = item.OrderItemGuid,
                productId = item.ProductId,
                productName = product?.Name ?? string.Empty,
                sku = product?.Sku,
                quantity = item.Quantity,
                unitPriceInclTax = Money(item.UnitPriceInclTax),
                unitPriceExclTax = Money(item.UnitPriceExclTax),
                priceInclTax = Money(item.PriceInclTax),
                priceExclTax = Money(item.PriceExclTax),
                discountAmountInclTax = Money(item.DiscountAmountInclTax),
                discountAmountExclTax = Money(item.DiscountAmountExclTax),
                attributeDescription = item.AttributeDescription,
                isRecurring = product?.IsRecurring ?? false,
            });
        }
        var primary = await _currencyService.GetCurrencyByIdAsync(_currencySettings.PrimaryStoreCurrencyId);
        return new Dictionary<string, object>
        {
            ["id"] = order.Id,
            ["orderGuid"] = order.OrderGuid,
            ["customOrderNumber"] = order.CustomOrderNumber,
            ["storeId"] = order.StoreId,
            ["customerId"] = order.CustomerId,
            ["customer"] = new
            {
                id = order.CustomerId,
                customerGuid = customer?.CustomerGuid ?? Guid.Empty,
                email = customer?.Email,
                firstName = customer?.FirstName,
                lastName = customer?.LastName,
                isGuest = customer is not null && !await _customerService.IsRegisteredAsync(customer),
                // 1.2: a guest is a Customer row too, created on its first visit; null when the row is gone.
                createdOnUtc = customer?.CreatedOnUtc,
            },
            ["orderStatusId"] = order.OrderStatusId,
            ["paymentStatusId"] = order.PaymentStatusId,
            ["shippingStatusId"] = order.ShippingStatusId,
            ["paymentMethodSystemName"] = order.PaymentMethodSystemName ?? string.Empty,
            ["primaryStoreCurrencyCode"] = primary?.CurrencyCode,
            ["customerCurrencyCode"] = order.CustomerCurrencyCode,
            ["currencyRate"] = Money(order.CurrencyRate),
            ["orderSubtotalInclTax"] = Money(order.OrderSubtotalInclTax),
            ["orderSubtotalExclTax"] = Money(order.OrderSubtotalExclTax),
            ["orderSubTotalDiscountInclTax"] = Money(order.OrderSubTotalDiscountInclTax),
            ["orderSubTotalDiscountExclTax"] = Money(order.OrderSubTotalDiscountExclTax),
            ["orderShippingInclTax"] = Money(order.OrderShippingInclTax),
            ["orderShippingExclTax"] = Money(order.OrderShippingExclTax),
            ["paymentMethodAdditionalFeeInclTax"] = Money(order.PaymentMethodAdditionalFeeInclTax),
            ["paymentMethodAdditionalFeeExclTax"] = Money(order.PaymentMethodAdditionalFeeExclTax),
            ["orderTax"] = Money(order.OrderTax),
            ["orderDiscount"] = Money(order.OrderDiscount),
            ["orderTotal"] = Money(order.OrderTotal),
            ["refundedAmount"] = Money(order.RefundedAmount),
            ["authorizationTransactionId"] = order.AuthorizationTransactionId,
            ["captureTransactionId"] = order.CaptureTransactionId,
            ["subscriptionTransactionId"] = order.SubscriptionTransactionId,
            ["paidDateUtc"] = order.PaidDateUtc,
            ["shippingMethod"] = order.ShippingMethod,
            ["pickupInStore"] = order.PickupInStore,
            ["billingAddress"] = await AddressAsync(order.BillingAddressId),
            ["shippingAddress"] = await AddressAsync(order.ShippingAddressId),
            ["items"] = items,
            ["createdOnUtc"] = order.CreatedOnUtc,
            ["customerIp"] = WireIp(order.CustomerIp),
        };
    }

    /// <summary>
    /// Order.CustomerIp as contract 1.2's IPv4/IPv6 address: null when nopCommerce recorded none or something that
    /// is not one address (a proxy's list), an IPv4 address seen through an IPv6 socket as IPv4, no IPv6 zone.
    /// </summary>
    public static string WireIp(string customerIp)
    {
        if (string.IsNullOrWhiteSpace(customerIp) || !IPAddress.TryParse(customerIp.Trim(), out var ip))
            return null;
        if (ip.IsIPv4MappedToIPv6)
            ip = ip.MapToIPv4();
        if (ip.AddressFamily == AddressFamily.InterNetworkV6)
            ip.ScopeId = 0;
        return ip.ToString();
    }

    public async Task<object> ShipmentAsync(Shipment shipment)
    {
        var items = (await _shipmentService.GetShipmentItemsByShipmentIdAsync(shipment.Id))
            .Select(i => new { id = i.Id, orderItemId = i.OrderItemId, quantity = i.Quantity })
            .ToList();
        return new
        {
            id = shipment.Id,
            orderId = shipment.OrderId,
            trackingNumber = shipment.TrackingNumber,
            totalWeight = DecimalFormat.ToWire(shipment.TotalWeight),
            shippedDateUtc = shipment.ShippedDateUtc,
            deliveryDateUtc = shipment.DeliveryDateUtc,
            createdOnUtc = shipment.CreatedOnUtc,
            items,
        };
    }

    /// <summary>The write-back API's order: the order plus notes and shipments.</summary>
    public async Task<Dictionary<string, object>> OrderDetailAsync(Order order)
    {
        var detail = await OrderAsync(order);
        detail["notes"] = (await _orderService.GetOrderNotesByOrderIdAsync(order.Id))
            .Select(n => new { id = n.Id, note = n.Note, displayToCustomer = n.DisplayToCustomer, createdOnUtc = n.CreatedOnUtc })
            .ToList();
        var shipments = new List<object>();
        foreach (var shipment in await _shipmentService.GetShipmentsByOrderIdAsync(order.Id))
            shipments.Add(await ShipmentAsync(shipment));
        detail["shipments"] = shipments;
        return detail;
    }

    /// <param name="withVersion">
    /// for write-back answers (contract 1.2): also updatedOnUtc and version of the customer's latest event, which
    /// events leave out because their own updatedAt and version say the same
    /// </param>
    public async Task<Dictionary<string, object>> CustomerAsync(Customer customer, bool withVersion = false)
    {
        var roles = await _customerService.GetCustomerRolesAsync(customer);
        var mapped = new Dictionary<string, object>
        {
            ["id"] = customer.Id,
            ["customerGuid"] = customer.CustomerGuid,
            ["username"] = customer.Username,
            ["email"] = customer.Email,
            ["firstName"] = customer.FirstName,
            ["lastName"] = customer.LastName,
            ["company"] = customer.Company,
            ["phone"] = customer.Phone,
            ["active"] = customer.Active,
            ["customerRoleSystemNames"] = roles.Select(r => r.SystemName).Where(n => !string.IsNullOrEmpty(n)).ToList(),
            ["billingAddress"] = await AddressAsync(customer.BillingAddressId),
            ["shippingAddress"] = await AddressAsync(customer.ShippingAddressId),
            ["registeredInStoreId"] = customer.RegisteredInStoreId,
            ["createdOnUtc"] = customer.CreatedOnUtc,
        };
        if (withVersion)
        {
            mapped["updatedOnUtc"] = await _genericAttributeService.GetAttributeAsync<DateTime?>(customer, StripeSidecarDefaults.CustomerUpdatedOnUtcAttribute);
            mapped["version"] = await CustomerVersionAsync(customer);
        }
        return mapped;
    }

    /// <summary>The version of the customer's latest bridge event; null before one was written.</summary>
    public Task<long?> CustomerVersionAsync(Customer customer) =>
        _genericAttributeService.GetAttributeAsync<long?>(customer, StripeSidecarDefaults.CustomerVersionAttribute);

    public static object Product(Product product) => new
    {
        id = product.Id,
        productTypeId = product.ProductTypeId,
        name = product.Name ?? string.Empty,
        shortDescription = product.ShortDescription,
        sku = product.Sku,
        gtin = product.Gtin,
        price = Money(product.Price),
        oldPrice = Money(product.OldPrice),
        published = product.Published,
        deleted = product.Deleted,
        isShipEnabled = product.IsShipEnabled,
        isGiftCard = product.IsGiftCard,
        isDownload = product.IsDownload,
        isRecurring = product.IsRecurring,
        recurringCycleLength = product.RecurringCycleLength,
        recurringCyclePeriodId = product.RecurringCyclePeriodId,
        recurringTotalCycles = product.RecurringTotalCycles,
        manageInventoryMethodId = product.ManageInventoryMethodId,
        stockQuantity = product.StockQuantity,
        createdOnUtc = product.CreatedOnUtc,
        updatedOnUtc = product.UpdatedOnUtc,
    };

    public async Task<object> StockChangeAsync(StockQuantityHistory history)
    {
        var product = await _productService.GetProductByIdAsync(history.ProductId);
        return new
        {
            productId = history.ProductId,
            sku = product?.Sku,
            combinationId = history.CombinationId,
            warehouseId = history.WarehouseId,
            quantityAdjustment = history.QuantityAdjustment,
            stockQuantity = history.StockQuantity,
            message = history.Message,
        };
    }

    /// <summary>The return request with its order, found through the order item (the entity has no OrderId).</summary>
    public async Task<object> ReturnRequestAsync(ReturnRequest returnRequest)
    {
        var orderItem = await _orderService.GetOrderItemByIdAsync(returnRequest.OrderItemId);
        var order = orderItem is null ? null : await _orderService.GetOrderByIdAsync(orderItem.OrderId);
        return new
        {
            id = returnRequest.Id,
            customNumber = returnRequest.CustomNumber ?? returnRequest.Id.ToString(),
            storeId = returnRequest.StoreId,
            orderId = order?.Id ?? 0,
            orderGuid = order?.OrderGuid ?? Guid.Empty,
            orderItemId = returnRequest.OrderItemId,
            productId = orderItem?.ProductId ?? 0,
            customerId = returnRequest.CustomerId,
            quantity = returnRequest.Quantity,
            returnedQuantity = returnRequest.ReturnedQuantity,
            reasonForReturn = returnRequest.ReasonForReturn ?? string.Empty,
            requestedAction = returnRequest.RequestedAction ?? string.Empty,
            customerComments = returnRequest.CustomerComments,
            staffNotes = returnRequest.StaffNotes,
            returnRequestStatusId = returnRequest.ReturnRequestStatusId,
            createdOnUtc = returnRequest.CreatedOnUtc,
            updatedOnUtc = returnRequest.UpdatedOnUtc,
        };
    }

    public async Task<object> RecurringPaymentAsync(RecurringPayment payment)
    {
        var order = await _orderService.GetOrderByIdAsync(payment.InitialOrderId);
        return new
        {
            id = payment.Id,
            initialOrderId = payment.InitialOrderId,
            initialOrderGuid = order?.OrderGuid ?? Guid.Empty,
            customerId = order?.CustomerId ?? 0,
            cycleLength = payment.CycleLength,
            cyclePeriodId = payment.CyclePeriodId,
            totalCycles = payment.TotalCycles,
            startDateUtc = payment.StartDateUtc,
            isActive = payment.IsActive,
            lastPaymentFailed = payment.LastPaymentFailed,
            deleted = payment.Deleted,
            createdOnUtc = payment.CreatedOnUtc,
            productId = await RecurringProductIdAsync(order),
            paymentMethodSystemName = order?.PaymentMethodSystemName ?? string.Empty,
            recurringPaymentTypeId = (int)await RecurringPaymentTypeAsync(order),
            nextPaymentDateUtc = await _orderProcessingService.GetNextPaymentDateAsync(payment),
            cyclesRemaining = await _orderProcessingService.GetCyclesRemainingAsync(payment),
        };
    }

    /// <summary>RecurringPaymentType of the initial order's payment method: Manual ones nopCommerce bills itself.</summary>
    public async Task<RecurringPaymentType> RecurringPaymentTypeAsync(Order initialOrder) =>
        string.IsNullOrEmpty(initialOrder?.PaymentMethodSystemName)
            ? RecurringPaymentType.NotSupported
            : await _paymentService.GetRecurringPaymentTypeAsync(initialOrder.PaymentMethodSystemName);

    /// <summary>The first item of the initial order whose product is recurring (a recurring cart holds one).</summary>
    private async Task<int?> RecurringProductIdAsync(Order order)
    {
        if (order is null)
            return null;
        foreach (var item in await _orderService.GetOrderItemsAsync(order.Id))
            if ((await _productService.GetProductByIdAsync(item.ProductId))?.IsRecurring == true)
                return item.ProductId;
        return null;
    }
}
