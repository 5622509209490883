// Compile-time stand-in for the part of nopCommerce 4.90.3's Nop.Web.Framework assembly that the StripeSidecar plugin
// uses. Mirrors nopCommerce 4.90.3 and is checked against the table in shared/reference/nop-plugin-build.md §5. Written
// by hand: it is not nopCommerce code. The filter attributes carry no behaviour here; their base classes and constructor
// shapes are the real ones. Left out of base lists: [NotNullValidationMessage] on BasePluginController and
// IModelAttribute on NopResourceDisplayNameAttribute (the plugin uses neither).

using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ViewComponents;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Nop.Web.Framework
{
    public static partial class AreaNames
    {
        public const string ADMIN = "Admin";
    }
}

namespace Nop.Web.Framework.Controllers
{
    public abstract partial class BaseController : Controller
    {
    }

    public abstract partial class BasePluginController : BaseController
    {
    }
}

namespace Nop.Web.Framework.Mvc.Filters
{
    public sealed class AuthorizeAdminAttribute : TypeFilterAttribute
    {
        public AuthorizeAdminAttribute(bool ignore = false) : base(typeof(StandInFilter))
        {
            Arguments = [ignore];
        }

        private sealed class StandInFilter : IFilterMetadata
        {
        }
    }

    [AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
    public sealed class CheckPermissionAttribute : TypeFilterAttribute
    {
        public CheckPermissionAttribute(string permissionSystemName, CheckPermissionResultType resultType = CheckPermissionResultType.Default)
            : this([permissionSystemName], resultType)
        {
        }

        public CheckPermissionAttribute(string[] permissionSystemNames, CheckPermissionResultType resultType = CheckPermissionResultType.Default)
            : base(typeof(StandInFilter))
        {
            Arguments = [permissionSystemNames, resultType];
        }

        private sealed class StandInFilter : IFilterMetadata
        {
        }

        public enum CheckPermissionResultType
        {
            Default = 0,
            Html = 1,
            Text = 2,
            Json = 3,
            NoData = 4,
        }
    }
}

namespace Nop.Web.Framework.Mvc.Routing
{
    public partial interface INopUrlHelper
    {
        string RouteUrl(string routeName, object values = null, string protocol = null, string host = null, string fragment = null);
    }

    public partial interface IRouteProvider
    {
        void RegisterRoutes(IEndpointRouteBuilder endpointRouteBuilder);
        int Priority { get; }
    }
}

namespace Nop.Web.Framework.Components
{
    public abstract partial class NopViewComponent : ViewComponent
    {
        public new ViewViewComponentResult View<TModel>(string viewName, TModel model) => base.View(viewName, model);
    }
}

namespace Nop.Web.Framework.Models
{
    public partial record BaseNopModel
    {
        public Dictionary<string, string> CustomProperties { get; set; } = new();
    }
}

namespace Nop.Web.Framework.Mvc.ModelBinding
{
    public sealed class NopResourceDisplayNameAttribute : DisplayNameAttribute
    {
        public NopResourceDisplayNameAttribute(string resourceKey) : base(resourceKey)
        {
        }
    }
}

namespace Nop.Web.Framework.Infrastructure.Extensions
{
    public static class HttpClientBuilderExtensions
    {
        public static void WithProxy(this IHttpClientBuilder httpClientBuilder)
        {
        }
    }
}
