using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Nop.Web.Framework.Mvc.Routing;

namespace Nop.Plugin.Payments.StripeSidecar.Infrastructure;

/// <summary>The admin configuration route. The write-back API uses attribute routes on its controller.</summary>
public class RouteProvider : IRouteProvider
{
    public void RegisterRoutes(IEndpointRouteBuilder endpointRouteBuilder)
    {
        endpointRouteBuilder.MapControllerRoute(StripeSidecarDefaults.ConfigurationRouteName,
            "Admin/StripeSidecar/Configure",
            new { controller = "StripeSidecarConfiguration", action = "Configure", area = Nop.Web.Framework.AreaNames.ADMIN });
    }

    public int Priority => 0;
}
