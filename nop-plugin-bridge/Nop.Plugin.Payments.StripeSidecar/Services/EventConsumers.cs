using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Shipping;
using Nop.Core.Events;
using Nop.Services.Common;
using Nop.Services.Customers;
using Nop.Services.Events;
using Nop.Services.Orders;

namespace Nop.Plugin.Payments.StripeSidecar.Services;

/// <summary>
/// Turns nopCommerce events into outbox rows and does nothing else: they run inside the request that raised the
/// event, and nopCommerce swallows consumer exceptions, so they must be quick and must not call the network.
/// </summary>
public class EventConsumers :
    IConsumer<OrderPlacedEvent>,
    IConsumer<OrderPaidEvent>,
    IConsumer<OrderStatusChangedEvent>,
    IConsumer<OrderRefundedEvent>,
    IConsumer<OrderVoidedEvent>,
    IConsumer<ShipmentSentEvent>,
    IConsumer<ShipmentDeliveredEvent>,
    IConsumer<CustomerRegisteredEvent>,
    IConsumer<EntityUpdatedEvent<Customer>>,
    IConsumer<EntityInsertedEvent<ReturnRequest>>,
    IConsumer<EntityUpdatedEvent<ReturnRequest>>,
    IConsumer<EntityInsertedEvent<Product>>,
    IConsumer<EntityUpdatedEvent<Product>>,
    IConsumer<EntityDeletedEvent<Product>>,
    IConsumer<EntityInsertedEvent<StockQuantityHistory>>,
    IConsumer<EntityInsertedEvent<RecurringPayment>>,
    IConsumer<EntityUpdatedEvent<RecurringPayment>>,
    IConsumer<EntityDeletedEvent<RecurringPayment>>
{
    private readonly ContractMapper _mapper;
    private readonly ICustomerService _customerService;
    private readonly IGenericAttributeService _genericAttributeService;
    private readonly IOrderService _orderService;
    private readonly OutboxWriter _outbox;
    private readonly StripeSidecarSettings _settings;

    public EventConsumers(ContractMapper mapper, ICustomerService customerService, IGenericAttributeService genericAttributeService,
        IOrderService orderService, OutboxWriter outbox, StripeSidecarSettings settings)
    {
        _mapper = mapper;
        _customerService = customerService;
        _genericAttributeService = genericAttributeService;
        _orderService = orderService;
        _outbox = outbox;
        _settings = settings;
    }

    /// <summary>Not configured yet: nothing to forward to.</summary>
    private bool Off => string.IsNullOrEmpty(_settings.SidecarUrl);

    private async Task OrderEventAsync(string type, Order order, Action<Dictionary<string, object>> extra = null)
    {
        if (Off) return;
        var payload = new Dictionary<string, object> { ["order"] = await _mapper.OrderAsync(order) };
        extra?.Invoke(payload);
        await _outbox.AppendAsync(type, payload, order.StoreId);
    }

    public Task HandleEventAsync(OrderPlacedEvent e) => OrderEventAsync("order.placed", e.Order);

    public Task HandleEventAsync(OrderPaidEvent e) => OrderEventAsync("order.paid", e.Order);

    public Task HandleEventAsync(OrderStatusChangedEvent e) =>
        OrderEventAsync("order.status_changed", e.Order, p => p["previousOrderStatusId"] = (int)e.PreviousOrderStatus);

    public Task HandleEventAsync(OrderRefundedEvent e) =>
        OrderEventAsync("order.refunded", e.Order, p => p["amount"] = Contract.DecimalFormat.ToWire(e.Amount));

    public Task HandleEventAsync(OrderVoidedEvent e) => OrderEventAsync("order.voided", e.Order);

    private async Task ShipmentEventAsync(string type, Shipment shipment)
    {
        if (Off) return;
        var order = await _orderService.GetOrderByIdAsync(shipment.OrderId);
        if (order is null) return;
        await _outbox.AppendAsync(type, new { shipment = await _mapper.ShipmentAsync(shipment), order = await _mapper.OrderAsync(order) }, order.StoreId);
    }

    public Task HandleEventAsync(ShipmentSentEvent e) => ShipmentEventAsync("shipment.sent", e.Shipment);

    public Task HandleEventAsync(ShipmentDeliveredEvent e) => ShipmentEventAsync("shipment.delivered", e.Shipment);

    public Task HandleEventAsync(CustomerRegisteredEvent e) => CustomerEventAsync("customer.registered", e.Customer);

    /// <summary>Every visitor is a guest Customer row; only registered customers are forwarded.</summary>
    public async Task HandleEventAsync(EntityUpdatedEvent<Customer> e)
    {
        if (Off || e.Entity.IsSystemAccount || !await _customerService.IsRegisteredAsync(e.Entity)) return;
        await CustomerEventAsync("customer.updated", e.Entity);
    }

    /// <summary>
    /// Writes the event, marked with the Stripe origin while a write-back applies one, and keeps its version on the
    /// customer: what updateCustomer's expectedVersion is compared with.
    /// </summary>
    private async Task CustomerEventAsync(string type, Customer customer)
    {
        if (Off) return;
        var payload = new Dictionary<string, object> { ["customer"] = await _mapper.CustomerAsync(customer) };
        if (WriteBackOrigin.Current is { } origin)
            payload["origin"] = origin;
        var row = await _outbox.AppendAsync(type, payload);
        await _genericAttributeService.SaveAttributeAsync(customer, StripeSidecarDefaults.CustomerVersionAttribute, (long)row.Id);
        await _genericAttributeService.SaveAttributeAsync(customer, StripeSidecarDefaults.CustomerUpdatedOnUtcAttribute, row.OccurredOnUtc);
    }

    public async Task HandleEventAsync(EntityInsertedEvent<ReturnRequest> e)
    {
        if (Off) return;
        await _genericAttributeService.SaveAttributeAsync(e.Entity, StripeSidecarDefaults.LastReturnRequestStatusAttribute, e.Entity.ReturnRequestStatusId);
        await _outbox.AppendAsync("return_request.created", new { returnRequest = await _mapper.ReturnRequestAsync(e.Entity) }, e.Entity.StoreId);
    }

    /// <summary>nopCommerce has no status event for return requests: compare with the last status sent.</summary>
    public async Task HandleEventAsync(EntityUpdatedEvent<ReturnRequest> e)
    {
        if (Off) return;
        var previous = await _genericAttributeService.GetAttributeAsync<int?>(e.Entity, StripeSidecarDefaults.LastReturnRequestStatusAttribute);
        if (previous == e.Entity.ReturnRequestStatusId) return;
        await _genericAttributeService.SaveAttributeAsync(e.Entity, StripeSidecarDefaults.LastReturnRequestStatusAttribute, e.Entity.ReturnRequestStatusId);
        await _outbox.AppendAsync("return_request.status_changed",
            new { returnRequest = await _mapper.ReturnRequestAsync(e.Entity), previousReturnRequestStatusId = previous }, e.Entity.StoreId);
    }

    private async Task ProductEventAsync(string type, Product product)
    {
        if (Off) return;
        await _outbox.AppendAsync(type, new { product = ContractMapper.Product(product) });
    }

    public Task HandleEventAsync(EntityInsertedEvent<Product> e) => ProductEventAsync("product.created", e.Entity);

    public Task HandleEventAsync(EntityUpdatedEvent<Product> e) => ProductEventAsync("product.updated", e.Entity);

    public Task HandleEventAsync(EntityDeletedEvent<Product> e) => ProductEventAsync("product.deleted", e.Entity);

    public async Task HandleEventAsync(EntityInsertedEvent<StockQuantityHistory> e)
    {
        if (Off) return;
        await _outbox.AppendAsync("product.stock_changed", new { stockChange = await _mapper.StockChangeAsync(e.Entity) });
    }

    public async Task HandleEventAsync(EntityInsertedEvent<RecurringPayment> e)
    {
        if (Off) return;
        await _outbox.AppendAsync("recurring_payment.created", new { recurringPayment = await _mapper.RecurringPaymentAsync(e.Entity) });
    }

    /// <summary>
    /// CancelRecurringPaymentAsync makes the payment inactive with an update; so does ProcessNextRecurringPaymentAsync
    /// after the last cycle (the payload's cyclesRemaining 0 tells them apart). Sent once: a later update of an
    /// inactive payment is not another cancellation.
    /// </summary>
    public async Task HandleEventAsync(EntityUpdatedEvent<RecurringPayment> e)
    {
        if (Off || e.Entity.IsActive) return;
        if (await _genericAttributeService.GetAttributeAsync<bool>(e.Entity, CancelledSentAttribute)) return;
        await _genericAttributeService.SaveAttributeAsync(e.Entity, CancelledSentAttribute, true);
        var payload = new Dictionary<string, object> { ["recurringPayment"] = await _mapper.RecurringPaymentAsync(e.Entity) };
        if (WriteBackOrigin.Current is { } origin)
            payload["origin"] = origin;
        await _outbox.AppendAsync("recurring_payment.cancelled", payload);
    }

    private const string CancelledSentAttribute = "StripeSidecar.CancelledSent";

    public async Task HandleEventAsync(EntityDeletedEvent<RecurringPayment> e)
    {
        if (Off) return;
        await _outbox.AppendAsync("recurring_payment.cancelled", new { recurringPayment = await _mapper.RecurringPaymentAsync(e.Entity) });
    }
}
