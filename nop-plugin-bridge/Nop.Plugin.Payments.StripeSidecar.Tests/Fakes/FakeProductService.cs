using Nop.Core;
using Nop.Core.Domain.Catalog;
using Nop.Services.Catalog;

namespace Nop.Plugin.Payments.StripeSidecar.Tests.Fakes;

/// <summary>IProductService over a list; AdjustInventoryAsync writes a StockQuantityHistory row as nopCommerce does.</summary>
public class FakeProductService : IProductService
{
    public List<Product> Products { get; } = new();
    public List<StockQuantityHistory> StockHistory { get; } = new();
    public int Updates { get; private set; }

    public Product Add(Product product)
    {
        Products.Add(product);
        return product;
    }

    public Task<Product> GetProductByIdAsync(int productId) => Products.FindAsync(productId);

    public Task UpdateProductAsync(Product product)
    {
        Updates++;
        return Task.CompletedTask;
    }

    /// <summary>Simple products only (no attribute combinations, no warehouses), ManageStock only, like nopCommerce.</summary>
    public Task AdjustInventoryAsync(Product product, int quantityToChange, string attributesXml = "", string message = "")
    {
        if (quantityToChange == 0 || product.ManageInventoryMethod != ManageInventoryMethod.ManageStock)
            return Task.CompletedTask;
        product.StockQuantity += quantityToChange;
        Updates++;
        StockHistory.Add(new StockQuantityHistory
        {
            Id = StockHistory.Count + 1,
            ProductId = product.Id,
            QuantityAdjustment = quantityToChange,
            StockQuantity = product.StockQuantity,
            Message = message,
            CreatedOnUtc = DateTime.UtcNow,
        });
        return Task.CompletedTask;
    }

    public Task<IPagedList<Product>> SearchProductsAsync(int pageIndex = 0, int pageSize = int.MaxValue, IList<int> categoryIds = null,
        IList<int> manufacturerIds = null, int storeId = 0, int vendorId = 0, int warehouseId = 0, ProductType? productType = null,
        bool visibleIndividuallyOnly = false, bool excludeFeaturedProducts = false, decimal? priceMin = null, decimal? priceMax = null,
        int productTagId = 0, string keywords = null, bool searchDescriptions = false, bool searchManufacturerPartNumber = true,
        bool searchSku = true, bool searchProductTags = false, int languageId = 0, IList<SpecificationAttributeOption> filteredSpecOptions = null,
        ProductSortingEnum orderBy = ProductSortingEnum.Position, bool showHidden = false, bool? overridePublished = null)
    {
        var query = Products.Where(p => !p.Deleted && (showHidden || p.Published));
        if (productType.HasValue)
            query = query.Where(p => p.ProductTypeId == (int)productType.Value);
        return Task.FromResult<IPagedList<Product>>(new PagedList<Product>(query.OrderBy(p => p.Id), pageIndex, pageSize));
    }
}
