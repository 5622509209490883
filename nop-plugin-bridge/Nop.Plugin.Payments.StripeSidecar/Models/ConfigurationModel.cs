using Nop.Web.Framework.Models;
using Nop.Web.Framework.Mvc.ModelBinding;

namespace Nop.Plugin.Payments.StripeSidecar.Models;

public record ConfigurationModel : BaseNopModel
{
    [NopResourceDisplayName("Plugins.Payments.StripeSidecar.SidecarUrl")]
    public string SidecarUrl { get; set; }

    [NopResourceDisplayName("Plugins.Payments.StripeSidecar.KeyId")]
    public string KeyId { get; set; }

    /// <summary>Left empty on display; an empty post keeps the stored secret.</summary>
    [NopResourceDisplayName("Plugins.Payments.StripeSidecar.EventSecret")]
    public string EventSecret { get; set; }

    [NopResourceDisplayName("Plugins.Payments.StripeSidecar.WriteBackSecret")]
    public string WriteBackSecret { get; set; }

    [NopResourceDisplayName("Plugins.Payments.StripeSidecar.PublishableKey")]
    public string PublishableKey { get; set; }
}
