using Nop.Core;

namespace Nop.Plugin.Payments.StripeSidecar.Tests.Fakes;

/// <summary>The table operations the list-backed fakes share: find by id, list in id order, insert with the next id, add a row with its child rows.</summary>
public static class EntityLists
{
    public static Task<T> FindAsync<T>(this IEnumerable<T> rows, int id) where T : BaseEntity =>
        Task.FromResult(rows.FirstOrDefault(r => r.Id == id));

    public static Task<IList<T>> ListAsync<T>(this IEnumerable<T> rows) where T : BaseEntity =>
        Task.FromResult<IList<T>>(rows.OrderBy(r => r.Id).ToList());

    /// <summary>Adds the row with the next id (highest + 1), like an identity column.</summary>
    public static Task InsertAsync<T>(this List<T> rows, T entity) where T : BaseEntity
    {
        entity.Id = rows.Count == 0 ? 1 : rows.Max(r => r.Id) + 1;
        rows.Add(entity);
        return Task.CompletedTask;
    }

    /// <summary>Adds the row as is, and its children pointed at it (an order and its items, a shipment and its items).</summary>
    public static T AddWith<T, TChild>(this List<T> rows, T row, List<TChild> childRows, IEnumerable<TChild> children, Action<TChild, int> setParentId)
        where T : BaseEntity
    {
        rows.Add(row);
        foreach (var child in children)
        {
            setParentId(child, row.Id);
            childRows.Add(child);
        }
        return row;
    }
}
