using Microsoft.AspNetCore.Mvc;
using Nop.Plugin.Payments.StripeSidecar.Models;
using Nop.Services.Configuration;
using Nop.Services.Localization;
using Nop.Services.Messages;
using Nop.Services.Security;
using Nop.Web.Framework;
using Nop.Web.Framework.Controllers;
using Nop.Web.Framework.Mvc.Filters;

namespace Nop.Plugin.Payments.StripeSidecar.Controllers;

/// <summary>The admin configuration page: sidecar URL, key id, the two secrets and Stripe's publishable key.</summary>
[AuthorizeAdmin]
[Area(AreaNames.ADMIN)]
[AutoValidateAntiforgeryToken]
public class StripeSidecarConfigurationController : BasePluginController
{
    private readonly ILocalizationService _localizationService;
    private readonly INotificationService _notificationService;
    private readonly ISettingService _settingService;
    private readonly StripeSidecarSettings _settings;

    public StripeSidecarConfigurationController(ILocalizationService localizationService, INotificationService notificationService,
        ISettingService settingService, StripeSidecarSettings settings)
    {
        _localizationService = localizationService;
        _notificationService = notificationService;
        _settingService = settingService;
        _settings = settings;
    }

    [CheckPermission(StandardPermission.Configuration.MANAGE_PAYMENT_METHODS)]
    public IActionResult Configure() => View("~/Plugins/Payments.StripeSidecar/Views/Configure.cshtml", new ConfigurationModel
    {
        SidecarUrl = _settings.SidecarUrl,
        KeyId = _settings.KeyId,
        PublishableKey = _settings.PublishableKey,
    });

    [HttpPost]
    [CheckPermission(StandardPermission.Configuration.MANAGE_PAYMENT_METHODS)]
    public async Task<IActionResult> Configure(ConfigurationModel model)
    {
        if (!ModelState.IsValid)
            return Configure();
        _settings.SidecarUrl = model.SidecarUrl?.Trim().TrimEnd('/');
        _settings.KeyId = model.KeyId?.Trim();
        _settings.PublishableKey = model.PublishableKey?.Trim();
        if (!string.IsNullOrWhiteSpace(model.EventSecret))
            _settings.EventSecret = model.EventSecret.Trim();
        if (!string.IsNullOrWhiteSpace(model.WriteBackSecret))
            _settings.WriteBackSecret = model.WriteBackSecret.Trim();
        await _settingService.SaveSettingAsync(_settings);
        _notificationService.SuccessNotification(await _localizationService.GetResourceAsync("Admin.Plugins.Saved"));
        return Configure();
    }
}
