import type { NopProduct } from "@nop-stripe/contract/nop-entities.js";
import {
  ManageInventoryMethod,
  ProductType,
  type RecurringCyclePeriodId,
  RecurringProductCyclePeriod,
} from "@nop-stripe/contract/nop-enums.js";
import type { NopProductId } from "@nop-stripe/contract/nop-ids.js";
import { notFound, type OpResult, ok, refused } from "./op-result.js";
import { money } from "./sim-decimal.js";
import type { SimState } from "./sim-state.js";

export interface CreateProductInput {
  name: string;
  sku?: string | null;
  /** Decimal string in the primary store currency, e.g. "19.99". */
  price: string;
  stockQuantity?: number;
  /** ManageStock (default) or DontManageStock. */
  manageStock?: boolean;
  isShipEnabled?: boolean;
  published?: boolean;
  recurring?: { cycleLength: number; cyclePeriodId: RecurringCyclePeriodId; totalCycles: number };
}

export interface Page<T> {
  items: T[];
  pageIndex: number;
  pageSize: number;
  totalCount: number;
}

export function pageOf<T>(all: T[], pageIndex: number, pageSize: number): Page<T> {
  return {
    items: all.slice(pageIndex * pageSize, (pageIndex + 1) * pageSize),
    pageIndex,
    pageSize,
    totalCount: all.length,
  };
}

/** Products and inventory, raising the entity events the plugin forwards (inserted, updated, deleted, stock history). */
export class SimCatalog {
  constructor(private readonly state: SimState) {}

  createProduct(input: CreateProductInput, options: { silent?: boolean } = {}): NopProduct {
    const now = this.state.isoNow();
    const product: NopProduct = {
      id: this.state.nextId("Product") as NopProductId,
      productTypeId: ProductType.SimpleProduct,
      name: input.name,
      shortDescription: null,
      sku: input.sku ?? null,
      gtin: null,
      price: money(input.price),
      oldPrice: money("0"),
      published: input.published ?? true,
      deleted: false,
      isShipEnabled: input.isShipEnabled ?? true,
      isGiftCard: false,
      isDownload: false,
      isRecurring: input.recurring !== undefined,
      recurringCycleLength: input.recurring?.cycleLength ?? 100,
      recurringCyclePeriodId: input.recurring?.cyclePeriodId ?? RecurringProductCyclePeriod.Days,
      recurringTotalCycles: input.recurring?.totalCycles ?? 10,
      manageInventoryMethodId:
        input.manageStock === false ? ManageInventoryMethod.DontManageStock : ManageInventoryMethod.ManageStock,
      stockQuantity: input.stockQuantity ?? 10_000,
      createdOnUtc: now,
      updatedOnUtc: now,
    };
    this.state.products.set(product.id, product);
    if (!options.silent) this.state.events.emit("product.created", { product: structuredClone(product) });
    return product;
  }

  getProduct(productId: number): OpResult<NopProduct> {
    const product = this.state.products.get(productId);
    return product && !product.deleted ? ok(structuredClone(product)) : notFound("product", productId);
  }

  updateProductPrice(productId: number, price: string, oldPrice: string | null): OpResult<NopProduct> {
    const product = this.state.products.get(productId);
    if (!product || product.deleted) return notFound("product", productId);
    product.price = money(price);
    if (oldPrice !== null) product.oldPrice = money(oldPrice);
    this.touch(product);
    return ok(structuredClone(product));
  }

  /** Sets the stock through an inventory adjustment, as the admin's stock edit does; refused without ManageStock. */
  setStockQuantity(productId: number, stockQuantity: number, message: string | null): OpResult<NopProduct> {
    const product = this.state.products.get(productId);
    if (!product || product.deleted) return notFound("product", productId);
    if (product.manageInventoryMethodId !== ManageInventoryMethod.ManageStock)
      return refused("ManageStock", `product ${productId} does not use ManageInventoryMethod.ManageStock`);
    this.adjustInventory(product, stockQuantity - product.stockQuantity, message ?? "Stock set by the sidecar");
    return ok(structuredClone(product));
  }

  /** IProductService.AdjustInventoryAsync: update the product, then insert a StockQuantityHistory row. */
  adjustInventory(product: NopProduct, quantityToChange: number, message: string): void {
    if (quantityToChange === 0 || product.manageInventoryMethodId !== ManageInventoryMethod.ManageStock) return;
    product.stockQuantity += quantityToChange;
    this.touch(product);
    this.state.events.emit("product.stock_changed", {
      stockChange: {
        productId: product.id,
        sku: product.sku,
        combinationId: null,
        warehouseId: null,
        quantityAdjustment: quantityToChange,
        stockQuantity: product.stockQuantity,
        message,
      },
    });
  }

  deleteProduct(productId: number): OpResult<NopProduct> {
    const product = this.state.products.get(productId);
    if (!product || product.deleted) return notFound("product", productId);
    product.deleted = true;
    product.updatedOnUtc = this.state.isoNow();
    this.state.events.emit("product.deleted", { product: structuredClone(product) });
    return ok(structuredClone(product));
  }

  listProducts(pageIndex: number, pageSize: number): Page<NopProduct> {
    const all = [...this.state.products.values()].filter((p) => !p.deleted).sort((a, b) => a.id - b.id);
    return pageOf(structuredClone(all), pageIndex, pageSize);
  }

  private touch(product: NopProduct): void {
    product.updatedOnUtc = this.state.isoNow();
    this.state.events.emit("product.updated", { product: structuredClone(product) });
  }
}
