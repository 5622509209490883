using Newtonsoft.Json.Linq;
using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Shipping;
using Nop.Services.Catalog;
using Nop.Services.Common;
using Nop.Services.Customers;
using Nop.Services.Orders;
using Nop.Services.Shipping;

namespace Nop.Plugin.Payments.StripeSidecar.Services;

/// <summary>
/// The write-back operations. Each runs the same Can* check as the admin button before calling
/// IOrderProcessingService, so nopCommerce's notes, e-mails, events and status rules all apply; a refusal names
/// the check.
/// </summary>
public class WriteBackService
{
    private readonly ContractMapper _mapper;
    private readonly CustomerWriteBack _customers;
    private readonly RecurringPaymentWriteBack _recurringPayments;
    private readonly ICustomerService _customerService;
    private readonly IGenericAttributeService _genericAttributeService;
    private readonly IOrderProcessingService _orderProcessingService;
    private readonly IOrderService _orderService;
    private readonly IProductService _productService;
    private readonly IReturnRequestService _returnRequestService;
    private readonly IShipmentService _shipmentService;

    public WriteBackService(ContractMapper mapper, ICustomerService customerService, IGenericAttributeService genericAttributeService,
        IOrderProcessingService orderProcessingService, IOrderService orderService, IProductService productService,
        IReturnRequestService returnRequestService, IShipmentService shipmentService, CustomerWriteBack customers,
        RecurringPaymentWriteBack recurringPayments)
    {
        _customers = customers;
        _recurringPayments = recurringPayments;
        _mapper = mapper;
        _customerService = customerService;
        _genericAttributeService = genericAttributeService;
        _orderProcessingService = orderProcessingService;
        _orderService = orderService;
        _productService = productService;
        _returnRequestService = returnRequestService;
        _shipmentService = shipmentService;
    }

    /// <summary>Operation names and kinds as in contract/write-back-api.json.</summary>
    public static readonly IReadOnlyDictionary<string, bool> IsWrite = new Dictionary<string, bool>
    {
        ["getOrder"] = false, ["markOrderAuthorized"] = true, ["markOrderPaid"] = true, ["recordRefund"] = true,
        ["voidOrder"] = true, ["cancelOrder"] = true, ["addOrderNote"] = true, ["addShipment"] = true,
        ["markShipmentDelivered"] = true, ["setStockQuantity"] = true, ["updateProductPrice"] = true,
        ["listProducts"] = false, ["getCustomer"] = false, ["listCustomers"] = false, ["getReturnRequest"] = false,
        ["setReturnRequestStatus"] = true, ["updateCustomer"] = true, ["getRecurringPayment"] = false,
        ["listRecurringPayments"] = false,
        ["processNextRecurringPayment"] = true, ["markRecurringPaymentFailed"] = true, ["cancelRecurringPayment"] = true,
    };

    public Task<WriteBackResult> RunAsync(string operation, JObject body)
    {
        var r = new WriteBackRequestReader(body);
        return operation switch
        {
            "getOrder" => WithOrderAsync(r, async o => WriteBackResult.Ok(new { order = await _mapper.OrderDetailAsync(o) })),
            "markOrderAuthorized" => MarkAuthorizedAsync(r),
            "markOrderPaid" => MarkPaidAsync(r),
            "recordRefund" => RecordRefundAsync(r),
            "voidOrder" => WithOrderAsync(r, VoidAsync),
            "cancelOrder" => CancelAsync(r),
            "addOrderNote" => AddNoteAsync(r),
            "addShipment" => AddShipmentAsync(r),
            "markShipmentDelivered" => MarkDeliveredAsync(r),
            "setStockQuantity" => SetStockAsync(r),
            "updateProductPrice" => UpdatePriceAsync(r),
            "listProducts" => ListProductsAsync(r),
            "getCustomer" => GetCustomerAsync(r),
            "listCustomers" => ListCustomersAsync(r),
            "getReturnRequest" => GetReturnRequestAsync(r),
            "setReturnRequestStatus" => SetReturnRequestStatusAsync(r),
            "updateCustomer" => _customers.UpdateAsync(r),
            "getRecurringPayment" => _recurringPayments.GetAsync(r),
            "listRecurringPayments" => _recurringPayments.ListAsync(r),
            "processNextRecurringPayment" => _recurringPayments.ProcessNextAsync(r),
            "markRecurringPaymentFailed" => _recurringPayments.MarkFailedAsync(r),
            "cancelRecurringPayment" => _recurringPayments.CancelAsync(r),
            _ => Task.FromResult(WriteBackResult.Error(404, "not_found", $"no write-back operation {operation}")),
        };
    }

    private async Task<WriteBackResult> WithOrderAsync(WriteBackRequestReader r, Func<Order, Task<WriteBackResult>> then)
    {
        var id = r.Id("orderId");
        var order = await _orderService.GetOrderByIdAsync(id);
        return order is null || order.Deleted ? WriteBackResult.NotFound("order", id) : await then(order);
    }

    private async Task<WriteBackResult> OrderAnswerAsync(int orderId) =>
        WriteBackResult.Ok(new { order = await _mapper.OrderDetailAsync(await _orderService.GetOrderByIdAsync(orderId)) });

    private static string Describe(Order o) => $"order {o.Id} is {o.OrderStatus}, payment {o.PaymentStatus}";

    private Task<WriteBackResult> MarkAuthorizedAsync(WriteBackRequestReader r)
    {
        var transactionId = r.Text("authorizationTransactionId", 400);
        return WithOrderAsync(r, async order =>
        {
            if (!_orderProcessingService.CanMarkOrderAsAuthorized(order))
                return WriteBackResult.Refused("CanMarkOrderAsAuthorized", Describe(order));
            order.AuthorizationTransactionId = transactionId;
            await _orderService.UpdateOrderAsync(order);
            await _orderProcessingService.MarkAsAuthorizedAsync(order);
            return await OrderAnswerAsync(order.Id);
        });
    }

    private Task<WriteBackResult> MarkPaidAsync(WriteBackRequestReader r)
    {
        var captureId = r.Text("captureTransactionId", 400);
        var captureResult = r.TextOrNull("captureTransactionResult");
        return WithOrderAsync(r, async order =>
        {
            if (!_orderProcessingService.CanMarkOrderAsPaid(order))
                return WriteBackResult.Refused("CanMarkOrderAsPaid", Describe(order));
            order.CaptureTransactionId = captureId;
            order.CaptureTransactionResult = captureResult;
            await _orderService.UpdateOrderAsync(order);
            await _orderProcessingService.MarkOrderAsPaidAsync(order);
            return await OrderAnswerAsync(order.Id);
        });
    }

    private Task<WriteBackResult> RecordRefundAsync(WriteBackRequestReader r)
    {
        var kind = r.Text("kind", 10);
        var amount = r.Decimal("amount")!.Value;
        var refundId = r.Text("refundId", 200);
        if (kind is not ("full" or "partial"))
            throw new InvalidWriteBackRequestException("request.kind: must be \"full\" or \"partial\"");
        return WithOrderAsync(r, async order =>
        {
            var known = await _genericAttributeService.GetAttributeAsync<string>(order, StripeSidecarDefaults.RefundIdsAttribute) ?? string.Empty;
            var ids = known.Split(',', StringSplitOptions.RemoveEmptyEntries);
            if (ids.Contains(refundId))
                return WriteBackResult.Ok(new { order = await _mapper.OrderDetailAsync(order), alreadyApplied = true });
            if (amount <= 0)
                return WriteBackResult.Invalid("request.amount: must be greater than zero");
            if (kind == "full")
            {
                if (!_orderProcessingService.CanRefundOffline(order))
                    return WriteBackResult.Refused("CanRefundOffline", $"{Describe(order)}, refunded {order.RefundedAmount}");
                if (amount != order.OrderTotal)
                    return WriteBackResult.Invalid($"a full refund's amount must equal orderTotal {order.OrderTotal}; send kind \"partial\" otherwise");
                await _orderProcessingService.RefundOfflineAsync(order);
            }
            else
            {
                if (!_orderProcessingService.CanPartiallyRefundOffline(order, amount))
                    return WriteBackResult.Refused("CanPartiallyRefundOffline",
                        $"{Describe(order)}, total {order.OrderTotal}, refunded {order.RefundedAmount}, asked {amount}");
                await _orderProcessingService.PartiallyRefundOfflineAsync(order, amount);
            }
            await _genericAttributeService.SaveAttributeAsync(order, StripeSidecarDefaults.RefundIdsAttribute, string.Join(',', ids.Append(refundId)));
            return WriteBackResult.Ok(new { order = await _mapper.OrderDetailAsync(await _orderService.GetOrderByIdAsync(order.Id)), alreadyApplied = false });
        });
    }

    private async Task<WriteBackResult> VoidAsync(Order order)
    {
        if (!_orderProcessingService.CanVoidOffline(order))
            return WriteBackResult.Refused("CanVoidOffline", Describe(order));
        await _orderProcessingService.VoidOfflineAsync(order);
        return await OrderAnswerAsync(order.Id);
    }

    private Task<WriteBackResult> CancelAsync(WriteBackRequestReader r)
    {
        var notify = r.Bool("notifyCustomer");
        return WithOrderAsync(r, async order =>
        {
            if (!_orderProcessingService.CanCancelOrder(order))
                return WriteBackResult.Refused("CanCancelOrder", Describe(order));
            await _orderProcessingService.CancelOrderAsync(order, notify);
            return await OrderAnswerAsync(order.Id);
        });
    }

    private Task<WriteBackResult> AddNoteAsync(WriteBackRequestReader r)
    {
        var note = r.Text("note", 4000);
        var displayToCustomer = r.Bool("displayToCustomer");
        return WithOrderAsync(r, async order =>
        {
            await _orderService.InsertOrderNoteAsync(new OrderNote
            {
                OrderId = order.Id,
                Note = note,
                DisplayToCustomer = displayToCustomer,
                CreatedOnUtc = DateTime.UtcNow,
            });
            return await OrderAnswerAsync(order.Id);
        });
    }

    private Task<WriteBackResult> AddShipmentAsync(WriteBackRequestReader r)
    {
        var trackingNumber = r.Text("trackingNumber", 200);
        var items = r.ArrayOrNull("items");
        var notify = r.Bool("notifyCustomer");
        return WithOrderAsync(r, async order =>
        {
            var shippable = await _orderService.GetOrderItemsAsync(order.Id, isShipEnabled: true);
            var lines = new List<(OrderItem Item, int Quantity)>();
            if (items is null)
            {
                foreach (var item in shippable)
                {
                    var left = await _orderService.GetTotalNumberOfItemsCanBeAddedToShipmentAsync(item);
                    if (left > 0) lines.Add((item, left));
                }
            }
            else
            {
                foreach (var (token, index) in items.Select((t, i) => (t, i)))
                {
                    var line = new WriteBackRequestReader(token as JObject ?? throw new InvalidWriteBackRequestException($"request.items.{index}: must be an object"),
                        $"request.items.{index}");
                    var orderItemId = line.Id("orderItemId");
                    var quantity = line.Int("quantity", 1);
                    var item = shippable.FirstOrDefault(i => i.Id == orderItemId);
                    if (item is null)
                        return WriteBackResult.Invalid($"request.items.{index}.orderItemId: {orderItemId} is not a shippable item of order {order.Id}");
                    var left = await _orderService.GetTotalNumberOfItemsCanBeAddedToShipmentAsync(item);
                    if (quantity > left)
                        return WriteBackResult.Refused("HasItemsToAddToShipment", $"order item {orderItemId} has {left} left to ship, not {quantity}");
                    lines.Add((item, quantity));
                }
            }
            if (lines.Count == 0)
                return WriteBackResult.Refused("HasItemsToAddToShipment", $"order {order.Id} has no items left to add to a shipment");

            var shipment = new Shipment { OrderId = order.Id, TrackingNumber = trackingNumber, CreatedOnUtc = DateTime.UtcNow };
            await _shipmentService.InsertShipmentAsync(shipment);
            foreach (var (item, quantity) in lines)
                await _shipmentService.InsertShipmentItemAsync(new ShipmentItem { ShipmentId = shipment.Id, OrderItemId = item.Id, Quantity = quantity });
            await _orderProcessingService.ShipAsync(shipment, notify);
            return await ShipmentAnswerAsync(shipment.Id);
        });
    }

    private async Task<WriteBackResult> ShipmentAnswerAsync(int shipmentId)
    {
        var shipment = await _shipmentService.GetShipmentByIdAsync(shipmentId);
        var order = await _orderService.GetOrderByIdAsync(shipment.OrderId);
        return WriteBackResult.Ok(new { shipment = await _mapper.ShipmentAsync(shipment), order = await _mapper.OrderDetailAsync(order) });
    }

    private async Task<WriteBackResult> MarkDeliveredAsync(WriteBackRequestReader r)
    {
        var id = r.Id("shipmentId");
        var notify = r.Bool("notifyCustomer");
        var shipment = await _shipmentService.GetShipmentByIdAsync(id);
        if (shipment is null)
            return WriteBackResult.NotFound("shipment", id);
        // DeliverAsync throws for these; they are answered as rules instead.
        if (!shipment.ShippedDateUtc.HasValue)
            return WriteBackResult.Refused("ShipmentIsShipped", $"shipment {id} is not shipped yet");
        if (shipment.DeliveryDateUtc.HasValue)
            return WriteBackResult.Refused("ShipmentNotYetDelivered", $"shipment {id} is already delivered");
        await _orderProcessingService.DeliverAsync(shipment, notify);
        return await ShipmentAnswerAsync(id);
    }

    private async Task<(Product Product, WriteBackResult Missing)> ProductAsync(int id)
    {
        var product = await _productService.GetProductByIdAsync(id);
        return product is null || product.Deleted ? (null, WriteBackResult.NotFound("product", id)) : (product, null);
    }

    private async Task<WriteBackResult> SetStockAsync(WriteBackRequestReader r)
    {
        var (product, missing) = await ProductAsync(r.Id("productId"));
        var stock = r.Int("stockQuantity");
        var message = r.TextOrNull("message") ?? "Stock set by the Stripe sidecar";
        if (missing is not null)
            return missing;
        if (product.ManageInventoryMethod != ManageInventoryMethod.ManageStock)
            return WriteBackResult.Refused("ManageStock", $"product {product.Id} uses {product.ManageInventoryMethod}");
        // Through AdjustInventoryAsync so a StockQuantityHistory row is written, as an admin edit does.
        await _productService.AdjustInventoryAsync(product, stock - product.StockQuantity, string.Empty, message);
        return WriteBackResult.Ok(new { product = ContractMapper.Product(await _productService.GetProductByIdAsync(product.Id)) });
    }

    private async Task<WriteBackResult> UpdatePriceAsync(WriteBackRequestReader r)
    {
        var (product, missing) = await ProductAsync(r.Id("productId"));
        var price = r.Decimal("price")!.Value;
        var oldPrice = r.Decimal("oldPrice", nullable: true);
        if (missing is not null)
            return missing;
        product.Price = price;
        if (oldPrice.HasValue)
            product.OldPrice = oldPrice.Value;
        product.UpdatedOnUtc = DateTime.UtcNow;
        await _productService.UpdateProductAsync(product);
        return WriteBackResult.Ok(new { product = ContractMapper.Product(product) });
    }

    private async Task<WriteBackResult> ListProductsAsync(WriteBackRequestReader r)
    {
        var pageIndex = r.Int("pageIndex", 0);
        var pageSize = r.Int("pageSize", 1, 500);
        var page = await _productService.SearchProductsAsync(pageIndex: pageIndex, pageSize: pageSize, showHidden: true);
        return WriteBackResult.Ok(new
        {
            items = page.Select(ContractMapper.Product).ToList(),
            pageIndex,
            pageSize,
            totalCount = page.TotalCount,
        });
    }

    private async Task<WriteBackResult> GetCustomerAsync(WriteBackRequestReader r)
    {
        var id = r.Id("customerId");
        var customer = await _customerService.GetCustomerByIdAsync(id);
        return customer is null || customer.Deleted
            ? WriteBackResult.NotFound("customer", id)
            : WriteBackResult.Ok(new { customer = await _mapper.CustomerAsync(customer, withVersion: true) });
    }

    private async Task<WriteBackResult> ListCustomersAsync(WriteBackRequestReader r)
    {
        var pageIndex = r.Int("pageIndex", 0);
        var pageSize = r.Int("pageSize", 1, 500);
        var registeredOnly = r.Bool("registeredOnly");
        int[] roleIds = null;
        if (registeredOnly)
            roleIds = [(await _customerService.GetCustomerRoleBySystemNameAsync(NopCustomerDefaults.RegisteredRoleName)).Id];
        var page = await _customerService.GetAllCustomersAsync(customerRoleIds: roleIds, pageIndex: pageIndex, pageSize: pageSize);
        var items = new List<object>();
        foreach (var customer in page)
            items.Add(await _mapper.CustomerAsync(customer, withVersion: true));
        return WriteBackResult.Ok(new { items, pageIndex, pageSize, totalCount = page.TotalCount });
    }

    private async Task<WriteBackResult> GetReturnRequestAsync(WriteBackRequestReader r)
    {
        var id = r.Id("returnRequestId");
        var rr = await _returnRequestService.GetReturnRequestByIdAsync(id);
        return rr is null ? WriteBackResult.NotFound("return request", id) : WriteBackResult.Ok(new { returnRequest = await _mapper.ReturnRequestAsync(rr) });
    }

    private async Task<WriteBackResult> SetReturnRequestStatusAsync(WriteBackRequestReader r)
    {
        var id = r.Id("returnRequestId");
        var status = r.Int("returnRequestStatusId", 0, 60);
        var staffNotes = r.TextOrNull("staffNotes");
        if (!Enum.IsDefined(typeof(ReturnRequestStatus), status))
            throw new InvalidWriteBackRequestException("request.returnRequestStatusId: must be a ReturnRequestStatus value (0, 10, 20, 30, 40, 50, 60)");
        var rr = await _returnRequestService.GetReturnRequestByIdAsync(id);
        if (rr is null)
            return WriteBackResult.NotFound("return request", id);
        rr.ReturnRequestStatusId = status;
        if (staffNotes is not null)
            rr.StaffNotes = staffNotes;
        rr.UpdatedOnUtc = DateTime.UtcNow;
        await _returnRequestService.UpdateReturnRequestAsync(rr);
        return WriteBackResult.Ok(new { returnRequest = await _mapper.ReturnRequestAsync(rr) });
    }
}
