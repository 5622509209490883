using System.Linq.Expressions;
using Nop.Core;
using Nop.Data;

namespace Nop.Plugin.Payments.StripeSidecar.Tests.Fakes;

/// <summary>
/// IRepository&lt;T&gt; over a list: ids are assigned on insert (1, 2, ...) like an identity column, and entities are
/// kept by reference, as the EF/linq2db entity a service updates is the one it read. An optional unique key makes a
/// duplicate insert throw, like a unique index. Safe to share between requests (the interop tests serve it from Kestrel).
/// </summary>
public class InMemoryRepository<TEntity> : IRepository<TEntity> where TEntity : BaseEntity
{
    private readonly List<TEntity> _rows = new();
    private readonly Func<TEntity, object> _uniqueKey;
    private readonly object _lock = new();
    private int _lastId;

    public InMemoryRepository(Func<TEntity, object> uniqueKey = null) => _uniqueKey = uniqueKey;

    /// <summary>Rows in id order.</summary>
    public IReadOnlyList<TEntity> Rows
    {
        get { lock (_lock) return _rows.OrderBy(r => r.Id).ToList(); }
    }

    public int Inserts { get; private set; }
    public int Updates { get; private set; }
    public int Deletes { get; private set; }

    public IQueryable<TEntity> Table => Rows.AsQueryable();

    public Task InsertAsync(TEntity entity, bool publishEvent = true)
    {
        ArgumentNullException.ThrowIfNull(entity);
        lock (_lock)
        {
            if (_uniqueKey is not null && _rows.Any(r => Equals(_uniqueKey(r), _uniqueKey(entity))))
                throw new InvalidOperationException($"duplicate key {_uniqueKey(entity)} in {typeof(TEntity).Name}");
            if (entity.Id == 0)
                entity.Id = ++_lastId;
            else
                _lastId = Math.Max(_lastId, entity.Id);
            _rows.Add(entity);
            Inserts++;
        }
        return Task.CompletedTask;
    }

    public Task UpdateAsync(TEntity entity, bool publishEvent = true)
    {
        lock (_lock)
        {
            if (!_rows.Contains(entity))
            {
                var index = _rows.FindIndex(r => r.Id == entity.Id);
                if (index < 0)
                    throw new InvalidOperationException($"{typeof(TEntity).Name} {entity.Id} is not in the table");
                _rows[index] = entity;
            }
            Updates++;
        }
        return Task.CompletedTask;
    }

    public Task DeleteAsync(TEntity entity, bool publishEvent = true)
    {
        lock (_lock)
        {
            if (_rows.RemoveAll(r => r.Id == entity.Id) > 0)
                Deletes++;
        }
        return Task.CompletedTask;
    }

    public Task<int> DeleteAsync(Expression<Func<TEntity, bool>> predicate)
    {
        var match = predicate.Compile();
        lock (_lock)
        {
            var removed = _rows.RemoveAll(r => match(r));
            Deletes += removed;
            return Task.FromResult(removed);
        }
    }

    // The list overloads apply the single-entity operation to each entity in turn.
    public Task InsertAsync(IList<TEntity> entities, bool publishEvent = true) => EachAsync(entities, e => InsertAsync(e, publishEvent));

    public Task UpdateAsync(IList<TEntity> entities, bool publishEvent = true) => EachAsync(entities, e => UpdateAsync(e, publishEvent));

    public Task DeleteAsync(IList<TEntity> entities, bool publishEvent = true) => EachAsync(entities, e => DeleteAsync(e, publishEvent));

    private static async Task EachAsync(IList<TEntity> entities, Func<TEntity, Task> operation)
    {
        foreach (var entity in entities)
            await operation(entity);
    }
}
