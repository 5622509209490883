using Nop.Core;

namespace Nop.Plugin.Payments.StripeSidecar.Tests.Fakes;

/// <summary>IPagedList&lt;T&gt; over an in-memory source, paged like nopCommerce's PagedList (pageIndex from 0).</summary>
public class PagedList<T> : List<T>, IPagedList<T>
{
    public PagedList(IEnumerable<T> source, int pageIndex, int pageSize)
    {
        var all = source.ToList();
        pageSize = Math.Max(pageSize, 1);
        TotalCount = all.Count;
        PageIndex = pageIndex;
        PageSize = pageSize;
        TotalPages = TotalCount / pageSize + (TotalCount % pageSize > 0 ? 1 : 0);
        AddRange(all.Skip(pageIndex * pageSize).Take(pageSize));
    }

    public int PageIndex { get; }
    public int PageSize { get; }
    public int TotalCount { get; }
    public int TotalPages { get; }
    public bool HasPreviousPage => PageIndex > 0;
    public bool HasNextPage => PageIndex + 1 < TotalPages;
}
