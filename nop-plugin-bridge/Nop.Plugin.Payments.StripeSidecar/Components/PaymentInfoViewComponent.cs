using Microsoft.AspNetCore.Mvc;
using Nop.Core;
using Nop.Core.Domain.Directory;
using Nop.Core.Domain.Orders;
using Nop.Plugin.Payments.StripeSidecar.Contract;
using Nop.Plugin.Payments.StripeSidecar.Models;
using Nop.Plugin.Payments.StripeSidecar.Services;
using Nop.Services.Directory;
using Nop.Services.Orders;
using Nop.Web.Framework.Components;

namespace Nop.Plugin.Payments.StripeSidecar.Components;

/// <summary>
/// The payment info step: asks the sidecar for a PaymentIntent for the cart total (in the primary store currency,
/// as nopCommerce's amounts are) and renders Stripe's Payment Element with its client secret.
/// </summary>
public class PaymentInfoViewComponent : NopViewComponent
{
    private readonly CurrencySettings _currencySettings;
    private readonly ICurrencyService _currencyService;
    private readonly IOrderTotalCalculationService _orderTotalCalculationService;
    private readonly IShoppingCartService _shoppingCartService;
    private readonly IStoreContext _storeContext;
    private readonly IWorkContext _workContext;
    private readonly SidecarClient _sidecar;
    private readonly StripeSidecarSettings _settings;

    public PaymentInfoViewComponent(CurrencySettings currencySettings, ICurrencyService currencyService,
        IOrderTotalCalculationService orderTotalCalculationService, IShoppingCartService shoppingCartService,
        IStoreContext storeContext, IWorkContext workContext, SidecarClient sidecar, StripeSidecarSettings settings)
    {
        _currencySettings = currencySettings;
        _currencyService = currencyService;
        _orderTotalCalculationService = orderTotalCalculationService;
        _shoppingCartService = shoppingCartService;
        _storeContext = storeContext;
        _workContext = workContext;
        _sidecar = sidecar;
        _settings = settings;
    }

    /// <summary>nopCommerce invokes the payment info component with no arguments (Component.InvokeAsync(Model.PaymentViewComponent)).</summary>
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var customer = await _workContext.GetCurrentCustomerAsync();
        var store = await _storeContext.GetCurrentStoreAsync();
        var cart = await _shoppingCartService.GetShoppingCartAsync(customer, ShoppingCartType.ShoppingCart, store.Id);
        var (total, _, _, _, _, _) = await _orderTotalCalculationService.GetShoppingCartTotalAsync(cart);
        var currency = await _currencyService.GetCurrencyByIdAsync(_currencySettings.PrimaryStoreCurrencyId);
        if (total is null || currency is null)
            return View("~/Plugins/Payments.StripeSidecar/Views/PaymentInfo.cshtml", new PaymentInfoModel(_settings.PublishableKey, null, "The order total cannot be computed yet."));

        var amount = DecimalFormat.ToWire(total.Value);
        try
        {
            // One PaymentIntent per customer and amount: re-rendering the step reuses it on the sidecar.
            var answer = await _sidecar.PaymentCallAsync("create-intent", $"intent:{customer.CustomerGuid}:{store.Id}:{amount}:{currency.CurrencyCode}", new
            {
                customerId = customer.Id,
                customerGuid = customer.CustomerGuid,
                email = customer.Email,
                storeId = store.Id,
                amount,
                currencyCode = currency.CurrencyCode,
                recurring = await _shoppingCartService.ShoppingCartIsRecurringAsync(cart),
            });
            return View("~/Plugins/Payments.StripeSidecar/Views/PaymentInfo.cshtml",
                new PaymentInfoModel(_settings.PublishableKey, answer.Value<string>("clientSecret"), null));
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or TaskCanceledException)
        {
            return View("~/Plugins/Payments.StripeSidecar/Views/PaymentInfo.cshtml", new PaymentInfoModel(_settings.PublishableKey, null, ex.Message));
        }
    }
}
