using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Nop.Plugin.Payments.StripeSidecar.Components;
using Nop.Plugin.Payments.StripeSidecar.Services;
using Nop.Services.Orders;
using NUnit.Framework;

namespace Nop.Plugin.Payments.StripeSidecar.Tests;

/// <summary>The payment method's checkout-side shape, against the nopCommerce 4.90.3 stand-in (build-check/NopApiShim).</summary>
public class PaymentMethodTests
{
    private static StripeSidecarPlugin Plugin() =>
        new(null, null, null, null, null, new SidecarClient(new HttpClient(), new StripeSidecarSettings()));

    [Test]
    public async Task Keeps_the_PaymentIntent_id_out_of_the_customers_order_details()
    {
        var form = new FormCollection(new Dictionary<string, StringValues> { [StripeSidecarDefaults.PaymentIntentFormField] = "pi_123" });

        var request = await Plugin().GetPaymentInfoAsync(form);

        Assert.That(request.CustomValues, Has.Count.EqualTo(1));
        Assert.That(request.CustomValues.TryGetValue(StripeSidecarDefaults.PaymentIntentIdKey, out var value), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(value.Value, Is.EqualTo("pi_123"));
            Assert.That(value.DisplayToCustomer, Is.False);
            Assert.That(value.DisplayLocation, Is.EqualTo(CustomValueDisplayLocation.Payment));
        });
    }

    [Test]
    public void Replaces_an_earlier_PaymentIntent_id_instead_of_adding_a_second()
    {
        var values = new CustomValues();
        values[StripeSidecarDefaults.PaymentIntentIdKey] = "pi_old";

        StripeSidecarPlugin.SetPaymentIntentId(values, "pi_new");

        Assert.That(values, Has.Count.EqualTo(1));
        Assert.That(values[StripeSidecarDefaults.PaymentIntentIdKey], Is.EqualTo("pi_new"));
        Assert.That(values[0].DisplayToCustomer, Is.False);
    }

    /// <summary>nopCommerce renders it with Component.InvokeAsync(Model.PaymentViewComponent), passing no arguments.</summary>
    [Test]
    public void Payment_info_component_is_invoked_without_arguments()
    {
        var invoke = typeof(PaymentInfoViewComponent).GetMethods().Where(m => m.Name is "InvokeAsync" or "Invoke").ToList();
        Assert.That(invoke, Has.Count.EqualTo(1));
        Assert.That(invoke[0].GetParameters(), Is.Empty);
    }
}
