import type { NopOrder } from "../../../connectors/nop/nop-entities.js";
import { mayReplace, type PaymentIntentStatus } from "../../../domain/payment-state.js";
import type { PrismaClient } from "../../../generated/prisma/client.js";
import type {
  Decline,
  OrderPatch,
  OrderRecord,
  OrderToCashStore,
  PaymentObservation,
  PaymentRecord,
  ShipmentNotice,
  TimelineEntry,
} from "../order-to-cash-store.js";

type Json = Parameters<PrismaClient["orderToCashTimelineEntry"]["create"]>[0]["data"]["detail"];
const json = (value: unknown) => value as Json;
const num = (value: bigint | null) => (value === null ? null : Number(value));

/** Prisma implementation of the flow's store: both backends (PostgreSQL and PGlite). */
export class PrismaOrderToCashStore implements OrderToCashStore {
  constructor(private readonly prisma: PrismaClient) {}

  async getOrder(orderGuid: string): Promise<OrderRecord | undefined> {
    const row = await this.prisma.orderToCashOrder.findUnique({ where: { orderGuid: orderGuid.toLowerCase() } });
    if (!row) return undefined;
    return {
      orderGuid: row.orderGuid,
      nopOrderId: row.nopOrderId,
      storeId: row.storeId,
      currency: row.currency,
      totalMinor: num(row.totalMinor),
      nopOrder: row.nopOrder as NopOrder | null,
      paymentIntentId: row.paymentIntentId,
      erpSalesOrderId: row.erpSalesOrderId,
      erpDocumentNumber: row.erpDocumentNumber,
      wmsRequestId: row.wmsRequestId,
      nopShipmentId: row.nopShipmentId,
      trackingNumber: row.trackingNumber,
    };
  }

  async saveNopOrder(order: NopOrder, version: number | null, totalMinor: number | null): Promise<void> {
    const orderGuid = order.orderGuid.toLowerCase();
    // Strip notes and shipments a write-back answer carries: the snapshot is the order itself.
    const { notes: _n, shipments: _s, ...snapshot } = order as NopOrder & { notes?: unknown; shipments?: unknown };
    const fields = {
      nopOrderId: order.id,
      storeId: order.storeId,
      customOrderNumber: order.customOrderNumber,
      customerId: order.customerId,
      currency: order.primaryStoreCurrencyCode.toLowerCase(),
      // Write-back answers come without a computed total: they must not erase the one the bridge event gave.
      ...(totalMinor === null ? {} : { totalMinor: BigInt(totalMinor) }),
      nopOrder: json(snapshot),
      nopPaymentStatusId: order.paymentStatusId,
      nopOrderStatusId: order.orderStatusId,
    };
    const piFromOrder = order.authorizationTransactionId?.startsWith("pi_") ? order.authorizationTransactionId : null;
    await this.prisma.orderToCashOrder.upsert({
      where: { orderGuid },
      create: {
        orderGuid,
        ...fields,
        nopVersion: BigInt(version ?? 0),
        ...(piFromOrder ? { paymentIntentId: piFromOrder } : {}),
      },
      update: {},
    });
    const newer = version === null ? {} : { nopVersion: { lte: BigInt(version) } };
    await this.prisma.orderToCashOrder.updateMany({
      where: { orderGuid, ...newer },
      data: { ...fields, ...(version === null ? {} : { nopVersion: BigInt(version) }) },
    });
    if (piFromOrder) await this.linkPayment(orderGuid, piFromOrder);
  }

  async updateOrder(orderGuid: string, patch: OrderPatch): Promise<void> {
    await this.prisma.orderToCashOrder.update({ where: { orderGuid: orderGuid.toLowerCase() }, data: patch });
  }

  async linkPayment(orderGuid: string, paymentIntentId: string): Promise<void> {
    const guid = orderGuid.toLowerCase();
    await this.prisma.orderToCashOrder.upsert({
      where: { orderGuid: guid },
      create: { orderGuid: guid, paymentIntentId },
      update: {},
    });
    await this.prisma.orderToCashOrder.updateMany({
      where: { orderGuid: guid, paymentIntentId: null },
      data: { paymentIntentId },
    });
    await this.prisma.orderToCashPayment.updateMany({
      where: { paymentIntentId, orderGuid: null },
      data: { orderGuid: guid },
    });
  }

  async getPayment(paymentIntentId: string): Promise<PaymentRecord | undefined> {
    const row = await this.prisma.orderToCashPayment.findUnique({ where: { paymentIntentId } });
    return row ? toPayment(row) : undefined;
  }

  async observePayment(o: PaymentObservation): Promise<PaymentRecord> {
    const orderGuid = o.orderGuid?.toLowerCase() ?? null;
    for (let attempt = 0; attempt < 20; attempt++) {
      const row = await this.prisma.orderToCashPayment.findUnique({ where: { paymentIntentId: o.paymentIntentId } });
      const fields = {
        status: o.status,
        captureMethod: o.captureMethod,
        currency: o.currency,
        amount: BigInt(o.amount),
        amountCapturable: BigInt(o.amountCapturable),
        amountReceived: BigInt(o.amountReceived),
        latestChargeId: o.latestChargeId,
      };
      if (!row) {
        const created = await this.prisma.orderToCashPayment
          .createMany({
            data: [{ paymentIntentId: o.paymentIntentId, orderGuid, ...fields, declines: json(o.newDeclines) }],
            skipDuplicates: true,
          })
          .then((r) => r.count === 1);
        if (created) return { ...o, orderGuid, declines: o.newDeclines };
        continue;
      }
      const current = toPayment(row);
      const known = new Set(current.declines.map((d) => d.id));
      const declines = [...current.declines, ...o.newDeclines.filter((d) => !known.has(d.id))];
      const replace = current.status !== o.status && mayReplace(current.status, o.status);
      const sameStatusNewer = current.status === o.status && o.amountReceived >= current.amountReceived;
      const apply = replace || sameStatusNewer;
      const updated = await this.prisma.orderToCashPayment.updateMany({
        where: { paymentIntentId: o.paymentIntentId, revision: row.revision },
        data: {
          ...(apply ? fields : {}),
          declines: json(declines),
          ...(current.orderGuid === null && orderGuid ? { orderGuid } : {}),
          revision: { increment: 1 },
        },
      });
      if (updated.count === 1)
        return {
          ...(apply ? { ...current, ...o } : current),
          orderGuid: current.orderGuid ?? orderGuid,
          declines,
        };
    }
    throw new Error(`payment ${o.paymentIntentId}: too many concurrent updates`);
  }

  async doneKeys(orderGuid: string): Promise<Set<string>> {
    const rows = await this.prisma.orderToCashTimelineEntry.findMany({
      where: { orderGuid: orderGuid.toLowerCase(), kind: "action" },
      select: { key: true },
    });
    return new Set(rows.map((r) => r.key));
  }

  async record(entry: TimelineEntry): Promise<boolean> {
    const result = await this.prisma.orderToCashTimelineEntry.createMany({
      data: [{ ...entry, orderGuid: entry.orderGuid.toLowerCase(), detail: json(entry.detail) }],
      skipDuplicates: true,
    });
    return result.count === 1;
  }

  async saveShipmentNotice(notice: ShipmentNotice): Promise<boolean> {
    const result = await this.prisma.orderToCashShipmentNotice.createMany({
      data: [{ ...notice, orderGuid: notice.orderGuid.toLowerCase(), payload: json(notice.payload) }],
      skipDuplicates: true,
    });
    return result.count === 1;
  }

  async shipmentNotices(orderGuid: string): Promise<ShipmentNotice[]> {
    const rows = await this.prisma.orderToCashShipmentNotice.findMany({
      where: { orderGuid: orderGuid.toLowerCase() },
      orderBy: { receivedAt: "asc" },
    });
    return rows.map((r) => ({
      id: r.id,
      orderGuid: r.orderGuid,
      type: r.type as ShipmentNotice["type"],
      carrier: r.carrier,
      trackingNumber: r.trackingNumber,
      payload: r.payload as Record<string, unknown>,
    }));
  }
}

function toPayment(row: {
  paymentIntentId: string;
  orderGuid: string | null;
  status: string;
  captureMethod: string;
  currency: string;
  amount: bigint;
  amountCapturable: bigint;
  amountReceived: bigint;
  latestChargeId: string | null;
  declines: unknown;
}): PaymentRecord {
  return {
    paymentIntentId: row.paymentIntentId,
    orderGuid: row.orderGuid,
    status: row.status as PaymentIntentStatus,
    captureMethod: row.captureMethod,
    currency: row.currency,
    amount: Number(row.amount),
    amountCapturable: Number(row.amountCapturable),
    amountReceived: Number(row.amountReceived),
    latestChargeId: row.latestChargeId,
    declines: (row.declines as Decline[] | null) ?? [],
  };
}
