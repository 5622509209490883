using System.ComponentModel;
using System.Globalization;
using Nop.Core;
using Nop.Services.Common;

namespace Nop.Plugin.Payments.StripeSidecar.Tests.Fakes;

/// <summary>
/// IGenericAttributeService over a dictionary keyed like nopCommerce's table (key group = entity type name, entity id,
/// key, store). Values are kept as invariant strings and converted back on read, as nopCommerce does.
/// </summary>
public class FakeGenericAttributeService : IGenericAttributeService
{
    public Dictionary<(string KeyGroup, int EntityId, string Key, int StoreId), string> Values { get; } = new();

    public Task SaveAttributeAsync<TPropType>(BaseEntity entity, string key, TPropType value, int storeId = 0)
    {
        var id = (entity.GetType().Name, entity.Id, key, storeId);
        var text = value is null ? null : Convert.ToString(value, CultureInfo.InvariantCulture);
        if (string.IsNullOrEmpty(text))
            Values.Remove(id);
        else
            Values[id] = text;
        return Task.CompletedTask;
    }

    public Task<TPropType> GetAttributeAsync<TPropType>(BaseEntity entity, string key, int storeId = 0, TPropType defaultValue = default)
    {
        if (!Values.TryGetValue((entity.GetType().Name, entity.Id, key, storeId), out var text))
            return Task.FromResult(defaultValue);
        return Task.FromResult((TPropType)TypeDescriptor.GetConverter(typeof(TPropType)).ConvertFromInvariantString(text));
    }
}
