using Microsoft.AspNetCore.Http;
using Nop.Core;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Core.Domain.ScheduleTasks;
using Nop.Plugin.Payments.StripeSidecar.Components;
using Nop.Plugin.Payments.StripeSidecar.Services;
using Nop.Services.Common;
using Nop.Services.Configuration;
using Nop.Services.Localization;
using Nop.Services.Orders;
using Nop.Services.Payments;
using Nop.Services.Plugins;
using Nop.Services.ScheduleTasks;
using Nop.Web.Framework.Mvc.Routing;

namespace Nop.Plugin.Payments.StripeSidecar;

/// <summary>
/// The plugin: a payment method (Stripe Payment Element for a PaymentIntent the sidecar creates; admin capture,
/// refund and void go to the sidecar) and, in the same assembly because nopCommerce loads one IPlugin per assembly,
/// the bridge (event consumers, outbox task, write-back API).
/// </summary>
public class StripeSidecarPlugin : BasePlugin, IPaymentMethod
{
    private readonly IGenericAttributeService _genericAttributeService;
    private readonly ILocalizationService _localizationService;
    private readonly INopUrlHelper _nopUrlHelper;
    private readonly IScheduleTaskService _scheduleTaskService;
    private readonly ISettingService _settingService;
    private readonly SidecarClient _sidecar;

    public StripeSidecarPlugin(IGenericAttributeService genericAttributeService, ILocalizationService localizationService,
        INopUrlHelper nopUrlHelper, IScheduleTaskService scheduleTaskService, ISettingService settingService, SidecarClient sidecar)
    {
        _genericAttributeService = genericAttributeService;
        _localizationService = localizationService;
        _nopUrlHelper = nopUrlHelper;
        _scheduleTaskService = scheduleTaskService;
        _settingService = settingService;
        _sidecar = sidecar;
    }

    #region Plugin

    public override string GetConfigurationPageUrl() => _nopUrlHelper.RouteUrl(StripeSidecarDefaults.ConfigurationRouteName);

    public override async Task InstallAsync()
    {
        await _settingService.SaveSettingAsync(new StripeSidecarSettings());
        if (await _scheduleTaskService.GetTaskByTypeAsync(StripeSidecarDefaults.OutboxTaskType) is null)
        {
            await _scheduleTaskService.InsertTaskAsync(new ScheduleTask
            {
                Name = StripeSidecarDefaults.OutboxTaskName,
                Type = StripeSidecarDefaults.OutboxTaskType,
                Seconds = StripeSidecarDefaults.OutboxTaskSeconds,
                Enabled = true,
                LastEnabledUtc = DateTime.UtcNow,
                StopOnError = false,
            });
        }
        await _localizationService.AddOrUpdateLocaleResourceAsync(new Dictionary<string, string>
        {
            ["Plugins.Payments.StripeSidecar.SidecarUrl"] = "Sidecar URL",
            ["Plugins.Payments.StripeSidecar.SidecarUrl.Hint"] = "Base URL of the nop-stripe-sidecar service; events go to {url}/bridge/events.",
            ["Plugins.Payments.StripeSidecar.KeyId"] = "Key id",
            ["Plugins.Payments.StripeSidecar.KeyId.Hint"] = "Names this store's keys to the sidecar.",
            ["Plugins.Payments.StripeSidecar.EventSecret"] = "Event secret",
            ["Plugins.Payments.StripeSidecar.EventSecret.Hint"] = "whsec_... secret the plugin signs events with (the sidecar's BRIDGE_SECRETS).",
            ["Plugins.Payments.StripeSidecar.WriteBackSecret"] = "Write-back secret",
            ["Plugins.Payments.StripeSidecar.WriteBackSecret.Hint"] = "whsec_... secret the sidecar signs its calls to this store with.",
            ["Plugins.Payments.StripeSidecar.PublishableKey"] = "Stripe publishable key",
            ["Plugins.Payments.StripeSidecar.PublishableKey.Hint"] = "pk_... key for Stripe.js; the secret key stays in the sidecar.",
            ["Plugins.Payments.StripeSidecar.PaymentMethodDescription"] = "Pay by card with Stripe",
            ["Plugins.Payments.StripeSidecar.PaymentNotConfirmed"] = "The payment was not confirmed. Please complete the card form.",
        });
        await base.InstallAsync();
    }

    public override async Task UninstallAsync()
    {
        await _settingService.DeleteSettingAsync<StripeSidecarSettings>();
        var task = await _scheduleTaskService.GetTaskByTypeAsync(StripeSidecarDefaults.OutboxTaskType);
        if (task is not null)
            await _scheduleTaskService.DeleteTaskAsync(task);
        await _localizationService.DeleteLocaleResourcesAsync("Plugins.Payments.StripeSidecar");
        await base.UninstallAsync();
    }

    #endregion

    #region Payment method

    public bool SupportCapture => true;
    public bool SupportPartiallyRefund => true;
    public bool SupportRefund => true;
    public bool SupportVoid => true;
    /// <summary>Stripe bills each cycle; the sidecar reports it through the processNextRecurringPayment write-back.</summary>
    public RecurringPaymentType RecurringPaymentType => RecurringPaymentType.Automatic;
    public PaymentMethodType PaymentMethodType => PaymentMethodType.Standard;
    public bool SkipPaymentInfo => false;

    public Type GetPublicViewComponent() => typeof(PaymentInfoViewComponent);

    public async Task<string> GetPaymentMethodDescriptionAsync() =>
        await _localizationService.GetResourceAsync("Plugins.Payments.StripeSidecar.PaymentMethodDescription");

    public Task<bool> HidePaymentMethodAsync(IList<ShoppingCartItem> cart) => Task.FromResult(false);

    public Task<decimal> GetAdditionalHandlingFeeAsync(IList<ShoppingCartItem> cart) => Task.FromResult(decimal.Zero);

    /// <summary>The Payment Element confirmed the PaymentIntent in the browser and put its id in a hidden field.</summary>
    public async Task<IList<string>> ValidatePaymentFormAsync(IFormCollection form)
    {
        var id = form[StripeSidecarDefaults.PaymentIntentFormField].ToString();
        return id.StartsWith("pi_", StringComparison.Ordinal)
            ? []
            : [await _localizationService.GetResourceAsync("Plugins.Payments.StripeSidecar.PaymentNotConfirmed")];
    }

    public Task<ProcessPaymentRequest> GetPaymentInfoAsync(IFormCollection form)
    {
        var request = new ProcessPaymentRequest();
        SetPaymentIntentId(request.CustomValues, form[StripeSidecarDefaults.PaymentIntentFormField].ToString());
        return Task.FromResult(request);
    }

    /// <summary>
    /// Stores the PaymentIntent id as a custom value the customer does not see: the CustomValues indexer would create
    /// it with DisplayToCustomer = true and show it in the order details. A value of the same name is replaced.
    /// </summary>
    public static void SetPaymentIntentId(CustomValues customValues, string paymentIntentId)
    {
        while (customValues.TryGetValue(StripeSidecarDefaults.PaymentIntentIdKey, out var existing))
            customValues.Remove(existing);
        customValues.Add(new CustomValue(StripeSidecarDefaults.PaymentIntentIdKey, paymentIntentId, displayToCustomer: false));
    }

    /// <summary>
    /// The order is placed Pending with the PaymentIntent as AuthorizationTransactionId; the sidecar links the
    /// PaymentIntent to the OrderGuid now and marks the order authorized or paid when Stripe's webhook says so.
    /// </summary>
    public async Task<ProcessPaymentResult> ProcessPaymentAsync(ProcessPaymentRequest request)
    {
        var result = new ProcessPaymentResult { NewPaymentStatus = PaymentStatus.Pending };
        if (!request.CustomValues.TryGetValue(StripeSidecarDefaults.PaymentIntentIdKey, out var value) || string.IsNullOrEmpty(value.Value))
        {
            result.AddError(await _localizationService.GetResourceAsync("Plugins.Payments.StripeSidecar.PaymentNotConfirmed"));
            return result;
        }
        try
        {
            await _sidecar.PaymentCallAsync("attach-order", $"attach:{request.OrderGuid}", new
            {
                paymentIntentId = value.Value,
                orderGuid = request.OrderGuid,
                customerId = request.CustomerId,
                storeId = request.StoreId,
                orderTotal = Contract.DecimalFormat.ToWire(request.OrderTotal),
            });
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or TaskCanceledException)
        {
            result.AddError(ex.Message);
            return result;
        }
        result.AuthorizationTransactionId = value.Value;
        return result;
    }

    public Task PostProcessPaymentAsync(PostProcessPaymentRequest request) => Task.CompletedTask;

    public Task<bool> CanRePostProcessPaymentAsync(Order order) => Task.FromResult(false);

    /// <summary>Admin "Capture": the sidecar captures the PaymentIntent; nopCommerce then sets Paid.</summary>
    public async Task<CapturePaymentResult> CaptureAsync(CapturePaymentRequest request)
    {
        var result = new CapturePaymentResult();
        try
        {
            var answer = await _sidecar.PaymentCallAsync("capture", $"capture:{request.Order.OrderGuid}", new { orderGuid = request.Order.OrderGuid });
            result.CaptureTransactionId = answer.Value<string>("captureTransactionId");
            result.CaptureTransactionResult = answer.Value<string>("status");
            result.NewPaymentStatus = PaymentStatus.Paid;
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or TaskCanceledException)
        {
            result.AddError(ex.Message);
        }
        return result;
    }

    /// <summary>
    /// Admin "Refund" / "Partial refund": the sidecar refunds in Stripe. The Stripe refund id is recorded on the
    /// order so the sidecar's later write-back for the same refund is recognised and not applied twice.
    /// </summary>
    public async Task<RefundPaymentResult> RefundAsync(RefundPaymentRequest request)
    {
        var result = new RefundPaymentResult();
        var amount = Contract.DecimalFormat.ToWire(request.AmountToRefund);
        try
        {
            var answer = await _sidecar.PaymentCallAsync("refund",
                $"refund:{request.Order.OrderGuid}:{request.Order.RefundedAmount}:{amount}",
                new { orderGuid = request.Order.OrderGuid, amount, isPartialRefund = request.IsPartialRefund });
            var refundId = answer.Value<string>("refundId");
            var known = await _genericAttributeService.GetAttributeAsync<string>(request.Order, StripeSidecarDefaults.RefundIdsAttribute) ?? string.Empty;
            await _genericAttributeService.SaveAttributeAsync(request.Order, StripeSidecarDefaults.RefundIdsAttribute,
                string.Join(',', known.Split(',', StringSplitOptions.RemoveEmptyEntries).Append(refundId)));
            result.NewPaymentStatus = request.IsPartialRefund ? PaymentStatus.PartiallyRefunded : PaymentStatus.Refunded;
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or TaskCanceledException)
        {
            result.AddError(ex.Message);
        }
        return result;
    }

    /// <summary>Admin "Void": the sidecar cancels the uncaptured PaymentIntent.</summary>
    public async Task<VoidPaymentResult> VoidAsync(VoidPaymentRequest request)
    {
        var result = new VoidPaymentResult();
        try
        {
            await _sidecar.PaymentCallAsync("void", $"void:{request.Order.OrderGuid}", new { orderGuid = request.Order.OrderGuid });
            result.NewPaymentStatus = PaymentStatus.Voided;
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or TaskCanceledException)
        {
            result.AddError(ex.Message);
        }
        return result;
    }

    /// <summary>
    /// PlaceOrderAsync calls this instead of ProcessPaymentAsync for a recurring cart: the first cycle is paid like any
    /// order (its PaymentIntent); the sidecar then subscribes the customer in Stripe, which bills the later cycles.
    /// </summary>
    public Task<ProcessPaymentResult> ProcessRecurringPaymentAsync(ProcessPaymentRequest request) => ProcessPaymentAsync(request);

    /// <summary>
    /// Nothing to call: the recurring_payment.cancelled event tells the sidecar, which cancels the subscription (and a
    /// cancellation that came from Stripe carries its origin, so it is not sent back).
    /// </summary>
    public Task<CancelRecurringPaymentResult> CancelRecurringPaymentAsync(CancelRecurringPaymentRequest request) =>
        Task.FromResult(new CancelRecurringPaymentResult());

    #endregion
}
